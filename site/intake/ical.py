"""The ``.ics`` of a booked conversation (RFC 5545), in Europe/Amsterdam time.

One stable UID per booking, so a moved or cancelled appointment replaces the one in the
entrepreneur's calendar instead of adding a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Booking

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Ondernemersloket//Gesprekken//NL"


def _domain() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "ondernemersloket.nl"


def booking_ics(booking: Booking, *, cancelled: bool = False) -> str:
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"gesprek-{booking.pk}@{_domain()}")
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", slot.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", slot.ends_at.astimezone(AMSTERDAM))
    event.add(
        "summary",
        _("%(kind)s met %(adviser)s (Ondernemersloket)")
        % {"kind": slot.get_kind_display(), "adviser": slot.adviser.name},
    )
    event.add("description", slot.get_format_display())
    if slot.location:
        event.add("location", slot.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Each change (a move, a cancel) must outrank the copy already in the calendar.
    event.add("sequence", int(timezone.now().timestamp()) // 60 % 2_000_000_000)
    calendar.add_component(event)
    return calendar.to_ical().decode()
