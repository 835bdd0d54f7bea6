"""Signals of the events app, and its receivers.

``attendance_recorded`` is sent (after commit) when someone is checked in for the first time,
with ``registration`` and ``event``: later layers (referral credits, intervision, testimonials)
receive it without this app importing them. What later apps add to the follow-up mail is no
signal but the ``FOLLOW_UP_CONTEXT`` hook (``loket.core.hooks``).
"""

from django.dispatch import Signal, receiver

from wagtail.signals import page_published

from .models import EventPage

attendance_recorded = Signal()


@receiver(page_published, sender=EventPage)
def _mail_registrants_about_changes(sender, instance, **kwargs):
    # local import: services import this module (for attendance_recorded).
    from .services import notify_event_cancelled, notify_schedule_change

    # Both are safe to run again on every publish: each mail has a key per registration (and
    # per schedule), so publishing twice tells nobody twice.
    if instance.cancelled:
        notify_event_cancelled(instance)
    notify_schedule_change(instance)
