"""Scheduling machinery that other apps reuse for their own appointments: iCal and reminders.

The events app owns meetups as public pages; other apps (intervision sessions of a confidential
group) schedule appointments that must never become pages. They use these helpers instead of
copying them: an iCal component and calendar in the same Amsterdam-time form as the agenda's,
and a claim-and-send helper that makes a reminder go out once, however often or concurrently the
task runs. Nothing here knows about the apps that use it.
"""

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from .ical import (  # noqa: F401 - part of this API
    _add_timezones,
    _calendar,
    _domain,
    appointment_component,
    appointment_uid,
)


def appointment_calendar(name, components, spans):
    """A calendar of ``components`` with the time zone data for ``spans`` ((start, end) pairs)."""
    calendar = _calendar(name)
    for component in components:
        calendar.add_component(component)
    _add_timezones(calendar, spans)
    return calendar


def ics_response(calendar, filename):
    """The ``.ics`` download of ``calendar``; the caller adds its own cache policy."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def claim_and_send(queryset, field, send, *, now=None):
    """Call ``send(obj)`` once per row of ``queryset`` whose ``field`` is still empty.

    Each row is claimed with a conditional update (``field`` from NULL to ``now``) in the same
    transaction as ``send``: when two runs overlap, only the one whose update hit the row sends,
    and when ``send`` fails the claim is rolled back so the next run tries again. Returns the sum
    of what ``send`` returned (``None`` counts as one), e.g. the number of mails queued.
    """
    now = now or timezone.now()
    model = queryset.model
    total = 0
    for obj in queryset.order_by("pk"):
        with transaction.atomic():
            claimed = model._default_manager.filter(pk=obj.pk, **{f"{field}__isnull": True})
            if claimed.update(**{field: now}) != 1:
                continue  # another run claimed it first
            setattr(obj, field, now)
            result = send(obj)
            total += 1 if result is None else result
    return total
