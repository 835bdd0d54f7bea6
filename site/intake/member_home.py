"""The intake app's panel on the member's home (``MEMBER_HOME_PANELS``): conversations with the
desk that are asked for or ahead. A booked one shows its time, format and adviser with the
links to move or cancel it; held and past ones are history, the home looks ahead."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.hooks import MemberPanel

from .models import IntakeRequest, Status

LIMIT = 5


def _booked(intake: IntakeRequest) -> dict[str, Any] | None:
    """What the home shows of the request's booked slot (``None``: planned by hand, or none)."""
    booking = getattr(intake, "booking", None)  # loaded with the request, one query in all
    if booking is None or booking.released_at is not None:
        return None
    slot = booking.slot
    return {
        "adviser": slot.adviser.name,
        "format": slot.get_format_display(),
        "kind": slot.get_kind_display(),
        "minutes": slot.duration_minutes,
        "location": slot.location,
        "manage_url": reverse("intake:booking", args=[booking.token]),
        "move_url": reverse("intake:booking_move", args=[booking.token]),
    }


def open_conversations(*, user: Any, site: Any = None) -> MemberPanel | None:
    """The member's asked-for and coming conversations, the planned ones by date: one query."""
    ahead = Q(status=Status.NEW) | Q(status=Status.PLANNED, planned_at__gte=timezone.now())
    requests = list(
        IntakeRequest.objects.of_member(user)
        .not_erased()
        .filter(ahead)
        .select_related("theme", "booking__slot__adviser")
        .order_by("status", "planned_at", "-created_at", "pk")[:LIMIT]  # planned first
    )
    if not requests:
        return None
    items = [{"intake": intake, "booked": _booked(intake)} for intake in requests]
    return MemberPanel(
        "intake-conversations",
        "next",
        _("Gesprekken met het loket"),
        "intake/includes/home_conversations.html",
        {"items": items},
        order=20,
    )
