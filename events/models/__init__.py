"""Meetups and seminars as pages, and the registrations that fill their seats.

The status an event shows (gepland, volgeboekt, geannuleerd, afgelopen) is derived from its dates,
its cancelled flag and the registration rows; seats are never kept as a counter that can drift.
Business rules (registering, waiting list, check-in) live in ``events.services``.

The non-page models come first: the page module imports the views, and they import these.
"""

from .choices import RESERVED_SLUGS, EventFormat, EventStatus, EventType
from .registration import (
    CANCELLED_BY_STAFF,
    OFFER_HOLD,
    AttendeeMessage,
    Feedback,
    Invitation,
    Registration,
)
from .speakers import EventPageTag, EventSpeaker
from .state import EventPageManager, EventStateMixin, seats_taken_subquery

# isort: split
from .pages import EventIndexPage, EventPage

__all__ = [
    "CANCELLED_BY_STAFF",
    "OFFER_HOLD",
    "RESERVED_SLUGS",
    "AttendeeMessage",
    "EventFormat",
    "EventIndexPage",
    "EventPage",
    "EventPageManager",
    "EventPageTag",
    "EventSpeaker",
    "EventStateMixin",
    "EventStatus",
    "EventType",
    "Feedback",
    "Invitation",
    "Registration",
    "seats_taken_subquery",
]
