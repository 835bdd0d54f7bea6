"""The credits app's panel on the member's home (``MEMBER_HOME_PANELS``): the balance, what is
pending, the rewards the member chose with where each stands, and what they can get now."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from loket.core.hooks import MemberPanel

from . import services
from .models import Redemption

REDEMPTION_LIMIT = 5
REWARD_LIMIT = 3


def credits_panel(*, user: Any, site: Any = None) -> MemberPanel | None:
    """Three queries, whatever the ledger holds."""
    try:
        overview_url = reverse("credits:overview")
    except NoReverseMatch:  # the site's URLconf does not include the credits page
        return None
    balance = services.balance(user)
    open_first = ["aangevraagd", "ingepland", "geleverd", "geannuleerd"]
    redemptions = sorted(
        Redemption.objects.filter(member=user)
        .select_related("reward")
        .order_by("-created_at", "-pk")[:REDEMPTION_LIMIT],
        key=lambda r: open_first.index(r.state) if r.state in open_first else 9,
    )
    affordable = list(
        services.offered_to(user)
        .filter(price__lte=max(balance.available, 0))
        .order_by("-price", "title")[:REWARD_LIMIT]
    )
    next_reward = None
    if not affordable:
        next_reward = services.offered_to(user).order_by("price", "title").first()
    return MemberPanel(
        "credits",
        "credits",
        _("Je credits"),
        "credits/includes/home_credits.html",
        {
            "balance": balance,
            "redemptions": redemptions,
            "affordable": affordable,
            "next_reward": next_reward,
            "overview_url": overview_url,
        },
        order=10,
    )
