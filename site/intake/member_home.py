"""The intake app's panel on the member's home (``MEMBER_HOME_PANELS``): conversations with the
desk that are asked for or planned. Held ones are history; the home looks ahead."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from loket.core.hooks import MemberPanel

from .models import IntakeRequest, Status

LIMIT = 5


def open_conversations(*, user: Any, site: Any = None) -> MemberPanel | None:
    """The member's asked-for and planned conversations, the planned ones by date: one query."""
    requests = list(
        IntakeRequest.objects.of_member(user)
        .not_erased()
        .filter(status__in=(Status.NEW, Status.PLANNED))
        .select_related("theme")
        .order_by("status", "planned_at", "-created_at", "pk")  # planned first[:LIMIT]
    )
    if not requests:
        return None
    return MemberPanel(
        "intake-conversations",
        "next",
        _("Gesprekken met het loket"),
        "intake/includes/home_conversations.html",
        {"requests": requests},
        order=20,
    )
