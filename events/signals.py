"""Signals of the events app, and its receivers.

``attendance_recorded`` is sent (after commit) when someone is checked in for the first time,
with ``registration`` and ``event``: later layers (referral qualifying in ``campaigns.signals``)
receive it without this app importing them. What later apps add to the follow-up mail is no
signal but the ``FOLLOW_UP_CONTEXT`` hook (``loket.core.hooks``).
``attendance_recorded`` is defined in ``events.dispatch`` and re-exported here.
"""

from django.dispatch import receiver

from wagtail.signals import page_published

from .dispatch import attendance_recorded
from .models import EventPage
from .services import notify_event_cancelled, notify_schedule_change

__all__ = ["attendance_recorded"]


@receiver(page_published, sender=EventPage)
def _mail_registrants_about_changes(sender, instance, **kwargs):
    # Both are safe to run again on every publish: each mail has a key per registration (and
    # per schedule), so publishing twice tells nobody twice.
    if instance.cancelled:
        notify_event_cancelled(instance)
    notify_schedule_change(instance)
