"""Conversions: which campaign and channel get the credit for what a member did, stored once.
Qualified referrals are counted here too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ...models import Referral
from ..models import (
    Conversion,
    ConversionKind,
    Position,
    Touch,
)
from .base import DIRECT
from .touches import region_of, session_touches, touch_region

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.accounts.models import User


@dataclass(frozen=True)
class Credit:
    campaign_code: str = ""
    channel: str = DIRECT
    first_campaign_code: str = ""
    site_id: int | None = None  # the region where the credited touch was made


def credit_for(
    actor: User | None = None, request: HttpRequest | None = None, *, use_request: bool = True
) -> Credit:
    """Which campaign and channel get the credit for what ``actor`` (a user or None) just did.

    The request's session counts only when it is the actor's own (or an anonymous visitor's):
    a staff member marking an intake as held must not credit their own visit.
    """
    if not use_request:
        request = None
    if request is not None and hasattr(request, "session"):
        user = getattr(request, "user", None)
        own = (
            user is None or not user.is_authenticated or (actor is not None and user.pk == actor.pk)
        )
        if own:
            first, last = session_touches(request)
            if last:
                return Credit(
                    last.get("c", ""),
                    last.get("ch", DIRECT),
                    (first or last).get("c", ""),
                    touch_region(last),
                )
    if actor is not None and getattr(actor, "pk", None):
        since = timezone.now() - timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS)
        touches = {
            t.position: t
            for t in Touch.objects.filter(user=actor, touched_at__gte=since).only(
                "position", "campaign_code", "channel", "site_id"
            )
        }
        last = touches.get(Position.LAST) or touches.get(Position.FIRST)
        if last is not None:
            first = touches.get(Position.FIRST) or last
            return Credit(last.campaign_code, last.channel, first.campaign_code, last.site_id)
    return Credit()


def record_conversion(
    kind: str,
    object_key: str,
    credit: Credit,
    *,
    by_referred_member: bool = False,
    day: date | None = None,
    site_id: int | None = None,
) -> bool:
    """Store one conversion; a second call for the same action changes nothing (returns False).

    Its region is the credited touch's, else ``site_id`` (where the action happened)."""
    try:
        with transaction.atomic():
            _row, created = Conversion.objects.get_or_create(
                kind=kind,
                object_key=object_key[:60],
                defaults={
                    "campaign_code": credit.campaign_code,
                    "channel": credit.channel,
                    "first_campaign_code": credit.first_campaign_code,
                    "by_referred_member": by_referred_member,
                    "day": day or timezone.localdate(),
                    "site_id": credit.site_id if credit.site_id is not None else site_id,
                },
            )
    except IntegrityError:
        return False  # the same action counted by a parallel call
    return created


def _home_region(user: User | None) -> int | None:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "home_site_id", None)


def was_referred(user: User | None) -> bool:
    return (
        user is not None
        and getattr(user, "pk", None) is not None
        and Referral.objects.filter(referred=user).exclude(status=Referral.Status.REJECTED).exists()
    )


def convert(
    kind: str, object_key: str, *, actor: User | None = None, request: HttpRequest | None = None
) -> Credit:
    """Credit an action and store it at once; ``request`` is the one the action's signal carries.

    The signals of an action are sent after its commit, so a rolled-back registration or tip is
    never counted and no query runs inside its transaction. Safe to run twice: the conversion's
    key is the action's (``registration:12``).
    """
    credit = credit_for(actor, request)
    record_conversion(
        kind,
        object_key,
        credit,
        by_referred_member=was_referred(actor),
        site_id=region_of(request) or _home_region(actor),
    )
    return credit


def record_qualified_referrals(*, user: User | None = None, since: datetime | None = None) -> int:
    """Count referrals that qualified, each once, credited to the new member's own touch.

    Runs when ``campaigns.dispatch.referral_qualified`` arrives (after the qualifying commit)
    and, as a sweep, in the daily task. Safe to run twice: the conversion's key is the referral.
    """
    referrals = Referral.objects.filter(
        status=Referral.Status.QUALIFIED, referred__isnull=False
    ).select_related("referred")
    if user is not None:
        referrals = referrals.filter(referred=user)
    if since is not None:
        referrals = referrals.filter(qualified_at__gte=since)
    made = 0
    for referral in referrals:
        credit = credit_for(referral.referred, use_request=False)
        day = timezone.localdate(referral.qualified_at) if referral.qualified_at else None
        made += record_conversion(
            # Without django-stubs mypy reads a TextChoices member as its (value, label) tuple.
            ConversionKind.QUALIFIED,  # type: ignore[arg-type]
            f"referral:{referral.pk}",
            credit,
            by_referred_member=True,
            day=day,
            site_id=_home_region(referral.referred),
        )
    return made
