"""The AVG side of attribution: purging old touches, a member's export and erasure.
Conversions stay as counts without their action keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from ..models import (
    Conversion,
    Touch,
)

if TYPE_CHECKING:
    from loket.accounts.models import User


def purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    """Delete account touches older than ATTRIBUTION_RETENTION_DAYS and blank the action keys of
    old conversions (they stay as counts). Safe to run twice: a second run finds nothing."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ATTRIBUTION_RETENTION_DAYS)
    touches, _detail = Touch.objects.filter(touched_at__lt=cutoff).delete()
    keys = (
        Conversion.objects.filter(created_at__lt=cutoff)
        .exclude(object_key="")
        .update(object_key="")
    )
    return {"touches": touches, "conversions": keys}


def export_touches(user: User) -> list[dict[str, str]]:
    return [
        {
            "positie": touch.get_position_display(),
            "campagne": touch.campaign_code,
            "kanaal": touch.channel,
            "utm_source": touch.source,
            "utm_medium": touch.medium,
            "utm_content": touch.content,
            "landingspagina": touch.landing_path,
            "moment": touch.touched_at.isoformat(),
        }
        for touch in Touch.objects.filter(user=user).order_by("touched_at")
    ]


def erase_touches(user: User, keep_content: bool = False) -> None:
    Touch.objects.filter(user=user).delete()
