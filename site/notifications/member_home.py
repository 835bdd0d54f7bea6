"""The notifications' panel on the member's home (``MEMBER_HOME_PANELS``): the latest unread
notifications, each opening its target (and marking it read), with the way to all of them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from loket.core.hooks import MemberPanel

from .models import Notification

UNREAD_LIMIT = 5


def unread_panel(*, user: Any, site: Any = None) -> MemberPanel | None:
    """Two queries, whatever the member has; None (no panel) when nothing is unread: the
    header's count already says so."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    latest = list(unread.order_by("-created_at", "-pk")[:UNREAD_LIMIT])
    if not latest:
        return None
    total = unread.count()
    return MemberPanel(
        "meldingen",
        "waiting",
        _("Nieuwe meldingen"),
        "notifications/includes/home_panel.html",
        {
            "notifications": latest,
            "unread": total,
            "more": total - len(latest),
            "list_url": reverse("notifications:list"),
        },
        order=0,
    )
