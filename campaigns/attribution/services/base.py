"""Shared ground of attribution: its settings, channel names and campaign codes.
No request is kept here: the signals of an action carry the request they need."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from ...pages import CampaignKind, CampaignPage

SESSION_KEY = "attribution"
DIRECT = "direct"
REFERRAL = "referral"
UTM_FIELDS = ("source", "medium", "campaign", "content")
TOKEN_MAX = 60
PATH_MAX = 200
# Only this much of any forged value is even looked at.
RAW_MAX = 500
# How many (campaign, day) visits a session remembers, to count a reload once.
SEEN_MAX = 20


def channel_for(source: str, medium: str) -> str:
    if source and medium:
        return f"{source}/{medium}"
    return source or medium or DIRECT


def is_known_campaign(code: str) -> bool:
    return bool(code) and CampaignPage.objects.live().filter(code=code).exists()


def running_word_of_mouth_code(now: datetime | None = None) -> str | None:
    """The running word-of-mouth campaign: where a referral link without utm_campaign counts."""
    now = now or timezone.now()
    return (
        CampaignPage.objects.live()
        .filter(kind=CampaignKind.WORD_OF_MOUTH, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-starts_at", "-pk")
        .values_list("code", flat=True)
        .first()
    )
