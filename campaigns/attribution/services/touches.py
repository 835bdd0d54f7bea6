"""Recording touches: an arrival's touch, the session's first and last, the daily counts,
and copying the session's touches onto an account."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Site

from loket.intake.services import SESSION_CAMPAIGN_KEY

from ..models import (
    OTHER,
    DailyVisits,
    Position,
    Touch,
)
from .base import (
    DIRECT,
    PATH_MAX,
    RAW_MAX,
    REFERRAL,
    SEEN_MAX,
    SESSION_KEY,
    UTM_FIELDS,
    channel_for,
    is_known_campaign,
    running_word_of_mouth_code,
)
from .cleaning import clean_code, clean_path, clean_token

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.accounts.models import User


def build_touch(
    params: Mapping[str, Any],
    *,
    path: str,
    page_code: str = "",
    referral: bool = False,
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """The touch of an arrival with these query ``params``, or None when it says nothing.

    ``page_code`` is the campaign of the landing page itself (the beacon sends it); an unknown
    or unpublished utm_campaign falls back to it, and else to ``overig``. Every value is cleaned
    and truncated; nothing a visitor sends is stored as sent.
    """
    utm = {name: str(params.get(f"utm_{name}", "") or "")[:RAW_MAX] for name in UTM_FIELDS}
    has_utm = any(value.strip() for value in utm.values())
    page_code = clean_code(page_code)
    if not (has_utm or referral or page_code):
        return None
    code = clean_code(utm["campaign"])
    if not is_known_campaign(code):
        if page_code and is_known_campaign(page_code):
            code = page_code
        elif referral and not code:
            code = running_word_of_mouth_code(now) or OTHER
        elif has_utm or referral:
            code = OTHER
        else:
            # A page code alone that names no live campaign (a preview, a forged beacon).
            return None
    source, medium = clean_token(utm["source"]), clean_token(utm["medium"])
    return {
        "c": code,
        "ch": REFERRAL if referral else channel_for(source, medium),
        "s": source,
        "m": medium,
        "ct": clean_token(utm["content"]),
        "p": clean_path(path),
        "at": (now or timezone.now()).isoformat(),
    }


def touch_from_query(query: str | None, *, path: str, page_code: str = "") -> dict[str, Any] | None:
    """The beacon's ``location.search`` (a string) as a touch."""
    params = dict(parse_qsl(str(query or "")[:2000].lstrip("?"), keep_blank_values=True))
    return build_touch(params, path=path, page_code=page_code)


def _touched_at(touch):
    try:
        moment = datetime.fromisoformat(touch.get("at", ""))
    except (TypeError, ValueError):
        return timezone.now()
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _session_data(request):
    data = request.session.get(SESSION_KEY)
    return dict(data) if isinstance(data, dict) else {}


def session_touches(
    request: HttpRequest | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(first, last) touch of this visitor's session; either may be None."""
    if request is None or not hasattr(request, "session"):
        return None, None
    data = _session_data(request)
    return data.get("first"), data.get("last")


def region_of(request: HttpRequest | None) -> int | None:
    """The id of the region (site) whose host the request came to; None outside a request."""
    if request is None:
        return None
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


def _bump(field_name, *, code, channel, day, site_id):
    """Add one to a daily counter; the unique row makes two first hits meet in one row."""
    key = {"campaign_code": code, "channel": channel, "day": day, "site_id": site_id}
    if DailyVisits.objects.filter(**key).update(**{field_name: F(field_name) + 1}):
        return
    try:
        with transaction.atomic():
            DailyVisits.objects.create(**key, **{field_name: 1})
    except IntegrityError:
        DailyVisits.objects.filter(**key).update(**{field_name: F(field_name) + 1})


def record_arrival(request: HttpRequest, touch: dict[str, Any]) -> bool:
    """Keep ``touch`` in the session (and on the account of a signed-in member) and count the
    visit once per session, campaign and day, for the region whose site it was. Returns True
    when the visit was counted."""
    touch = {**touch, "r": region_of(request)}
    data = _session_data(request)
    data.setdefault("first", touch)
    if touch["ch"] != DIRECT or not data.get("last"):
        data["last"] = touch
    today = timezone.localdate().isoformat()
    seen = dict(data.get("seen") or {})
    seen_key = f"{touch['c']}|{today}"
    counted = seen_key not in seen
    if counted:
        seen[seen_key] = touch["ch"]
        data["seen"] = dict(list(seen.items())[-SEEN_MAX:])
        _bump(
            "visits",
            code=touch["c"],
            channel=touch["ch"],
            day=timezone.localdate(),
            site_id=touch["r"],
        )
    request.session[SESSION_KEY] = data
    if touch["c"] != OTHER:
        # The intake form (loket.intake) reads the campaign of the visit from this key.
        request.session[SESSION_CAMPAIGN_KEY] = touch["c"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        store_touches(user, data.get("first"), touch, replace_last=touch["ch"] != DIRECT)
    return counted


def record_engaged(request: HttpRequest, page_code: str) -> bool:
    """The visitor read on (15 seconds or half the page): count it once, for a counted visit."""
    data = _session_data(request)
    code = clean_code(page_code) or (data.get("last") or {}).get("c", "")
    today = timezone.localdate()
    seen_key = f"{code}|{today.isoformat()}"
    channel = (data.get("seen") or {}).get(seen_key)
    engaged = list(data.get("engaged") or [])
    if channel is None or seen_key in engaged:
        return False
    engaged = [*engaged, seen_key][-SEEN_MAX:]
    data["engaged"] = engaged
    request.session[SESSION_KEY] = data
    _bump("engaged", code=code, channel=channel, day=today, site_id=region_of(request))
    return True


def _touch_fields(touch):
    return {
        "campaign_code": str(touch.get("c", ""))[:60],
        "channel": str(touch.get("ch", DIRECT))[:121],
        "source": str(touch.get("s", ""))[:60],
        "medium": str(touch.get("m", ""))[:60],
        "content": str(touch.get("ct", ""))[:60],
        "landing_path": str(touch.get("p", ""))[:PATH_MAX],
        "touched_at": _touched_at(touch),
        "site_id": touch_region(touch),
    }


def touch_region(touch: dict[str, Any] | None) -> int | None:
    """The region a session touch was made in (None for touches from before regions)."""
    region = (touch or {}).get("r")
    return region if isinstance(region, int) else None


def store_touches(
    user: User,
    first: dict[str, Any] | None,
    last: dict[str, Any] | None,
    *,
    replace_last: bool = True,
) -> None:
    """Put the session's touches on the account: the first only if it has none."""
    if first:
        try:
            with transaction.atomic():
                Touch.objects.get_or_create(
                    user=user, position=Position.FIRST, defaults=_touch_fields(first)
                )
        except IntegrityError:
            pass  # a parallel request stored the first touch a moment ago
    if last:
        if replace_last:
            Touch.objects.update_or_create(
                user=user, position=Position.LAST, defaults=_touch_fields(last)
            )
        else:
            Touch.objects.get_or_create(
                user=user, position=Position.LAST, defaults=_touch_fields(last)
            )


def carry_to_account(
    user: User, request: HttpRequest | None, *, only_if_none: bool = False
) -> bool:
    """Copy the session's touches onto ``user`` (sign-up; log-in with ``only_if_none``)."""
    first, last = session_touches(request)
    if not (first or last):
        return False
    if only_if_none and Touch.objects.filter(user=user).exists():
        return False
    store_touches(user, first, last or first)
    return True
