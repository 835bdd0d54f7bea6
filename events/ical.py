"""iCalendar (RFC 5545) for one event and for the agenda feed, in Europe/Amsterdam time.

Times are written with ``TZID=Europe/Amsterdam`` and the calendar carries the matching
``VTIMEZONE``, so calendar apps show the right local time across daylight-saving changes.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Ondernemersloket//Bijeenkomsten//NL"


def _domain():
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "ondernemersloket.nl"


def appointment_uid(kind, pk):
    """A stable iCal UID for appointment ``pk`` of ``kind`` (updates replace, never duplicate)."""
    return f"{kind}-{pk}@{_domain()}"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _location(event):
    parts = [event.venue_name, event.venue_address, event.municipality] if event.has_venue else []
    location = ", ".join(p for p in parts if p)
    if not location and event.is_online:
        location = "Online"
    return location


def appointment_component(
    *,
    uid,
    summary,
    starts_at,
    ends_at,
    location="",
    description="",
    url="",
    cancelled=False,
    now=None,
):
    """One VEVENT in Europe/Amsterdam time, as the agenda writes its meetups."""
    component = Event()
    component.add("uid", uid)
    component.add("dtstamp", (now or timezone.now()).astimezone(ZoneInfo("UTC")))
    component.add("dtstart", starts_at.astimezone(AMSTERDAM))
    component.add("dtend", ends_at.astimezone(AMSTERDAM))
    component.add("summary", summary)
    description = Truncator(description or "").chars(1000)
    if url:
        component.add("url", url)
        description = f"{description}\n\n{url}" if description else url
    if description:
        component.add("description", description)
    if location:
        component.add("location", location)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return component


def event_component(event, *, url=None, now=None):
    component = appointment_component(
        uid=appointment_uid("event", event.pk),
        summary=event.title,
        starts_at=event.start,
        ends_at=event.end,
        location=_location(event),
        description=strip_tags(event.intro),
        url=url or event.get_full_url(),
        cancelled=event.cancelled,
        now=now,
    )
    last_modified = getattr(event, "last_published_at", None)
    if last_modified:
        component.add("last-modified", last_modified.astimezone(ZoneInfo("UTC")))
    return component


def _add_timezones(calendar, spans):
    """Add the VTIMEZONE data covering ``spans`` ((start, end) pairs), a year either side."""
    spans = list(spans)
    if not spans:
        return
    first = min(start for start, _end in spans).date() - timedelta(days=366)
    last = max(end for _start, end in spans).date() + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)


def event_calendar(event):
    """The calendar of one event, as attached to the confirmation mail."""
    calendar = _calendar(event.title)
    calendar.add_component(event_component(event))
    _add_timezones(calendar, [(event.start, event.end)])
    return calendar


def feed_calendar(events, *, name, base_url):
    """A subscribable calendar of ``events``; ``base_url`` is the agenda's full URL."""
    now = timezone.now()
    calendar = _calendar(name)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    events = list(events)
    for event in events:
        calendar.add_component(
            event_component(event, url=f"{base_url.rstrip('/')}/{event.slug}/", now=now)
        )
    _add_timezones(calendar, ((e.start, e.end) for e in events))
    return calendar
