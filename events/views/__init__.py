"""Views behind the routes of the agenda and event pages. They read input, call a service, render.

Every refusal is a Dutch message with a 4xx status; nothing is stored then. Each view gets the
page as an argument (``view(request, page, ...)``) and never imports the page module back.
"""

from .event_page import event_ical, event_page_context, qr_code
from .links import cancel, feedback, leave_waiting_list, offer
from .listing import (
    agenda,
    agenda_feed,
    latest_upcoming,
    listing_queryset,
    past_events,
    upcoming_events,
    upcoming_for_tag,
    upcoming_for_theme,
)
from .signup import invite, register

__all__ = [
    "agenda",
    "agenda_feed",
    "cancel",
    "event_ical",
    "event_page_context",
    "feedback",
    "invite",
    "latest_upcoming",
    "leave_waiting_list",
    "listing_queryset",
    "offer",
    "past_events",
    "qr_code",
    "register",
    "upcoming_events",
    "upcoming_for_tag",
    "upcoming_for_theme",
]
