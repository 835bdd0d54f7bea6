"""Signals of the events app, and its receivers.

``attendance_recorded`` is sent (after commit) when someone is checked in for the first time,
with ``registration`` and ``event``: later layers (referral qualifying in ``campaigns.signals``)
receive it without this app importing them. What later apps add to the follow-up mail is no
signal but the ``FOLLOW_UP_CONTEXT`` hook (``loket.core.hooks``).
``attendance_recorded`` is defined in ``events.dispatch`` and re-exported here.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from loket.core import pagecache
from loket.intake.signals import intake_held

from . import notifications
from .dispatch import attendance_recorded
from .models import EventPage, Registration
from .services import notify_event_cancelled, notify_schedule_change

__all__ = ["attendance_recorded"]


@receiver(page_published, sender=EventPage)
def _mail_registrants_about_changes(sender, instance, **kwargs):
    # Both are safe to run again on every publish: each mail has a key per registration (and
    # per schedule), so publishing twice tells nobody twice.
    if instance.cancelled:
        notify_event_cancelled(instance)
    notify_schedule_change(instance)


# Seats text ("Nog 3 plekken", "Vol") on the event page, agenda and listings: a new registration
# or a change of status or party size purges the page cache (check-ins and the like do not).
_SEAT_FIELDS = frozenset({"status", "seats"})


@receiver(post_save, sender=Registration)
def _purge_pages_on_seat_change(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields is None or _SEAT_FIELDS & set(update_fields):
        pagecache.purge()


@receiver(intake_held)
def _invite_to_a_meetup_after_intake(sender, intake, **kwargs):
    """The loop closes: after a conversation with the desk, meet peers on the same theme."""
    notifications.invite_after_intake(intake)
