"""Tip een ander's panel on the member's home (``MEMBER_HOME_PANELS``): the member's own tip link
and where their tips stand."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from loket.core.hooks import MemberPanel

from . import services

TIP_LIMIT = 5


def tips_panel(*, user: Any, site: Any = None) -> MemberPanel | None:
    """Two or three queries (the code is made on first use), whatever the number of tips."""
    try:
        tip_page_url = reverse("campaigns:tip_page")
    except NoReverseMatch:  # the site's URLconf does not include Tip een ander
        return None
    tips = list(services.tips_of(user).order_by("-created_at", "-pk")[:TIP_LIMIT])
    return MemberPanel(
        "tip-een-ander",
        "credits",
        _("Je tips"),
        "campaigns/includes/home_tips.html",
        {"link": services.referral_url(user), "tips": tips, "tip_page_url": tip_page_url},
        order=20,
    )
