"""Reminders before an event: a week ahead for those who registered early, and a day ahead
for every confirmed attendee; each claimed per registration so it is sent once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, QuerySet

from events import notifications
from events.models.registration import Registration
from events.scheduling import claim_and_send

from .base import Status, _now

DAY = timedelta(hours=24)
WEEK = timedelta(days=7)


def send_reminders() -> tuple[int, int]:
    """Queue the reminders that are due. Returns ``(week, day)`` counts of reminders queued.

    A day before the start every confirmed attendee gets a reminder; a week before, those who
    registered more than a week ahead. Safe to run twice: each registration is claimed with a
    conditional update before its mail is queued, and the mail's idempotency key is per
    registration and kind, so overlapping beat runs cannot send one twice.
    """
    now = _now()
    upcoming = Registration.objects.filter(
        status=Status.CONFIRMED,
        event__cancelled=False,
        event__live=True,
        event__start__gt=now,
    )
    day_due = upcoming.filter(event__start__lte=now + DAY, reminder_day_sent_at__isnull=True)
    week_due = upcoming.filter(
        event__start__lte=now + WEEK,
        event__start__gt=now + DAY,
        reminder_week_sent_at__isnull=True,
        created_at__lte=F("event__start") - WEEK,
    )
    week = _claim_and_send(week_due, "reminder_week_sent_at", "week", now)
    day = _claim_and_send(day_due, "reminder_day_sent_at", "day", now)
    return week, day


def _claim_and_send(queryset: QuerySet, field: str, kind: str, now: datetime) -> int:
    def send(registration: Registration) -> None:
        notifications.reminder(registration, kind)  # counts as one reminder sent

    return claim_and_send(queryset.select_related("event", "user"), field, send, now=now)
