"""Ambassadeurs van de maand: the member's choice to show, and the month's top tippers.
Only members who agreed appear."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from ..models import ReferralCode
from .base import Status
from .codes import code_for

if TYPE_CHECKING:
    from datetime import datetime

    from loket.accounts.models import User


def set_leaderboard(member: User, show: bool) -> None:
    """The member's own choice to appear on the leaderboard (off by default)."""
    code_for(member)
    ReferralCode.objects.filter(member=member).update(
        on_leaderboard_since=timezone.now() if show else None
    )


def shows_on_leaderboard(member: User) -> bool:
    return ReferralCode.objects.filter(member=member, on_leaderboard_since__isnull=False).exists()


def ambassadors_of_the_month(*, limit: int = 5, now: datetime | None = None) -> list[User]:
    """Top tippers by referrals qualified in the last 30 days, only members who agreed."""
    since = (now or timezone.now()) - timedelta(days=30)
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            deleted_at__isnull=True,
            referral_code__on_leaderboard_since__isnull=False,
        )
        .annotate(
            qualified=Count(
                "referrals_made",
                filter=Q(
                    referrals_made__status=Status.QUALIFIED,
                    referrals_made__qualified_at__gte=since,
                ),
            )
        )
        .filter(qualified__gt=0)
        .order_by("-qualified", "first_name", "pk")[:limit]
    )
