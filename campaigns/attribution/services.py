"""Attribution: which campaign and channel brought a visitor, and what they did next.

How a touch is recorded without defeating page caching
------------------------------------------------------
Campaign pages are the same HTML for every visitor, so a cache in front may serve them. They
never read or write the session themselves. Instead the page includes a tiny first-party
beacon (``attribution/beacon.js``, through ``{% attribution_beacon %}``) that POSTs
``location.search`` and the path to :func:`campaigns.attribution.views.beacon`; that response
(204, never cached) carries the session cookie. The middleware records a touch itself only
where the response is not shareable anyway: the referral link ``/r/<code>/`` (a redirect that
already sets a cookie) and pages marked private or no-cache.

A touch holds the cleaned campaign code (a live CampaignPage's code, else ``overig``), the
channel (``referral``, ``<utm_source>/<utm_medium>`` or ``direct``), source, medium, content,
the landing path and the moment: no IP address, no user agent. The session keeps the first and
the last touch; sign-up copies them onto the account, and so does a log-in when the account has
none yet. A direct visit never replaces an earlier campaign touch as the last one.

Conversions are credited to the last touch: the current request's session when the member acts
themselves, otherwise the touch stored on their account, if it is younger than
``ATTRIBUTION_WINDOW_DAYS``; without either the conversion counts as ``direct``.
"""

import csv
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _

from loket.intake.services import SESSION_CAMPAIGN_KEY
from loket.sanitize import csv_cell

from ..models import Referral
from ..pages import CampaignKind, CampaignPage
from .models import (
    ACTION_KINDS,
    OTHER,
    Conversion,
    ConversionKind,
    DailyVisits,
    Position,
    Touch,
)

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

_TOKEN_JUNK = re.compile(r"[^a-z0-9._+]+")
_CODE_JUNK = re.compile(r"[^a-z0-9]+")

_current_request: ContextVar = ContextVar("attribution_request", default=None)


# The request of the moment, for receivers of signals that carry none -------------------------


def bind_request(request):
    return _current_request.set(request)


def unbind_request(token):
    _current_request.reset(token)


def current_request():
    return _current_request.get()


# Cleaning ------------------------------------------------------------------------------------


def _ascii(value):
    value = unicodedata.normalize("NFKD", str(value or "")[:RAW_MAX])
    # Control and format characters (including bidi overrides) go; accents fold to ASCII.
    value = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return value.encode("ascii", "ignore").decode().lower()


def clean_token(value):
    """A UTM source, medium or content as something safe to store and show: ``[a-z0-9._+-]``."""
    token = _TOKEN_JUNK.sub("-", _ascii(value)).strip("-._+")
    return re.sub(r"-{2,}", "-", token)[:TOKEN_MAX].strip("-")


def clean_code(value):
    """A campaign code shaped like CampaignPage.code: lower-case letters, digits, hyphens."""
    return _CODE_JUNK.sub("-", _ascii(value)).strip("-")[:TOKEN_MAX].strip("-")


def clean_path(value):
    """The path part of a landing URL, percent-encoded, without query or fragment."""
    raw = "".join(ch for ch in str(value or "")[:RAW_MAX] if unicodedata.category(ch)[0] != "C")
    try:
        path = urlsplit(raw.strip()).path
    except ValueError:
        return ""
    if not path.startswith("/") or path.startswith("//"):
        return ""
    return iri_to_uri(path)[:PATH_MAX]


def channel_for(source, medium):
    if source and medium:
        return f"{source}/{medium}"
    return source or medium or DIRECT


# Campaign codes --------------------------------------------------------------------------------


def is_known_campaign(code):
    return bool(code) and CampaignPage.objects.live().filter(code=code).exists()


def running_word_of_mouth_code(now=None):
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


# Touches -------------------------------------------------------------------------------------


def build_touch(params, *, path, page_code="", referral=False, now=None):
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


def touch_from_query(query, *, path, page_code=""):
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


def session_touches(request):
    """(first, last) touch of this visitor's session; either may be None."""
    if request is None or not hasattr(request, "session"):
        return None, None
    data = _session_data(request)
    return data.get("first"), data.get("last")


def _bump(field_name, *, code, channel, day):
    """Add one to a daily counter; the unique row makes two first hits meet in one row."""
    key = {"campaign_code": code, "channel": channel, "day": day}
    if DailyVisits.objects.filter(**key).update(**{field_name: F(field_name) + 1}):
        return
    try:
        with transaction.atomic():
            DailyVisits.objects.create(**key, **{field_name: 1})
    except IntegrityError:
        DailyVisits.objects.filter(**key).update(**{field_name: F(field_name) + 1})


def record_arrival(request, touch):
    """Keep ``touch`` in the session (and on the account of a signed-in member) and count the
    visit once per session, campaign and day. Returns True when the visit was counted."""
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
        _bump("visits", code=touch["c"], channel=touch["ch"], day=timezone.localdate())
    request.session[SESSION_KEY] = data
    if touch["c"] != OTHER:
        # The intake form (loket.intake) reads the campaign of the visit from this key.
        request.session[SESSION_CAMPAIGN_KEY] = touch["c"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        store_touches(user, data.get("first"), touch, replace_last=touch["ch"] != DIRECT)
    return counted


def record_engaged(request, page_code):
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
    _bump("engaged", code=code, channel=channel, day=today)
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
    }


def store_touches(user, first, last, *, replace_last=True):
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


def carry_to_account(user, request, *, only_if_none=False):
    """Copy the session's touches onto ``user`` (sign-up; log-in with ``only_if_none``)."""
    first, last = session_touches(request)
    if not (first or last):
        return False
    if only_if_none and Touch.objects.filter(user=user).exists():
        return False
    store_touches(user, first, last or first)
    return True


# Conversions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    campaign_code: str = ""
    channel: str = DIRECT
    first_campaign_code: str = ""


def credit_for(actor=None, request=None, *, use_request=True):
    """Which campaign and channel get the credit for what ``actor`` (a user or None) just did.

    The request's session counts only when it is the actor's own (or an anonymous visitor's):
    a staff member marking an intake as held must not credit their own visit.
    """
    request = (request or current_request()) if use_request else None
    if request is not None and hasattr(request, "session"):
        user = getattr(request, "user", None)
        own = (
            user is None or not user.is_authenticated or (actor is not None and user.pk == actor.pk)
        )
        if own:
            first, last = session_touches(request)
            if last:
                return Credit(
                    last.get("c", ""), last.get("ch", DIRECT), (first or last).get("c", "")
                )
    if actor is not None and getattr(actor, "pk", None):
        since = timezone.now() - timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS)
        touches = {
            t.position: t
            for t in Touch.objects.filter(user=actor, touched_at__gte=since).only(
                "position", "campaign_code", "channel"
            )
        }
        last = touches.get(Position.LAST) or touches.get(Position.FIRST)
        if last is not None:
            first = touches.get(Position.FIRST) or last
            return Credit(last.campaign_code, last.channel, first.campaign_code)
    return Credit()


def record_conversion(kind, object_key, credit, *, by_referred_member=False, day=None):
    """Store one conversion; a second call for the same action changes nothing (returns False)."""
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
                },
            )
    except IntegrityError:
        return False  # the same action counted by a parallel call
    return created


def was_referred(user):
    return (
        user is not None
        and getattr(user, "pk", None) is not None
        and Referral.objects.filter(referred=user).exclude(status=Referral.Status.REJECTED).exists()
    )


def convert(kind, object_key, *, actor=None, request=None):
    """Credit an action now (the request is at hand) and store it once the transaction commits,
    so a rolled-back registration or tip is never counted."""
    credit = credit_for(actor, request)
    referred = was_referred(actor)
    transaction.on_commit(
        lambda: record_conversion(kind, object_key, credit, by_referred_member=referred)
    )
    return credit


def record_qualified_referrals(*, user=None, since=None):
    """Count referrals that qualified, each once, credited to the new member's own touch.

    Qualifying changes the referral with a conditional update (no post_save), so this runs
    after every signal that can qualify one and, as a sweep, in the daily task. Safe to run
    twice: the conversion's key is the referral.
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
            ConversionKind.QUALIFIED,
            f"referral:{referral.pk}",
            credit,
            by_referred_member=True,
            day=day,
        )
    return made


# Retention and privacy -----------------------------------------------------------------------


def purge_expired(*, now=None):
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


def export_touches(user):
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


def erase_touches(user, keep_content=False):
    Touch.objects.filter(user=user).delete()


# Results -------------------------------------------------------------------------------------


@dataclass
class Row:
    visits: int = 0
    engaged: int = 0
    kinds: dict = field(default_factory=dict)

    @property
    def actions(self):
        return sum(self.kinds.get(kind, 0) for kind in ACTION_KINDS)

    def count(self, kind):
        return self.kinds.get(kind, 0)


@dataclass
class Results:
    code: str
    start: date
    end: date
    days: list
    channels: list
    totals: Row
    funnel: list
    loop: list
    first_touch_signups: int
    cells: dict


def _add(row, kind, n):
    row.kinds[kind] = row.kinds.get(kind, 0) + n


def campaign_results(code, start, end):
    """Everything the results page shows for campaign ``code`` from ``start`` to ``end``.

    Three queries whatever the range: visits by day and channel, conversions by day, channel,
    kind and loop flag, and the sign-ups whose first touch was this campaign.
    """
    days = {start + timedelta(days=n): Row() for n in range((end - start).days + 1)}
    channels: dict[str, Row] = {}
    cells: dict[tuple, Row] = {}
    totals = Row()
    visits = (
        DailyVisits.objects.filter(campaign_code=code, day__range=(start, end))
        .values("day", "channel")
        .annotate(v=Sum("visits"), e=Sum("engaged"))
        .order_by()
    )
    for item in visits:
        cell = cells.setdefault((item["day"], item["channel"]), Row())
        for row in (cell, days[item["day"]], channels.setdefault(item["channel"], Row()), totals):
            row.visits += item["v"]
            row.engaged += item["e"]
    conversions = (
        Conversion.objects.filter(campaign_code=code, day__range=(start, end))
        .values("day", "channel", "kind", "by_referred_member")
        .annotate(n=Count("id"))
        .order_by()
    )
    own_tips = 0
    referral_signups = 0
    for item in conversions:
        cell = cells.setdefault((item["day"], item["channel"]), Row())
        for row in (cell, days[item["day"]], channels.setdefault(item["channel"], Row()), totals):
            _add(row, item["kind"], item["n"])
        if item["kind"] == ConversionKind.TIP and item["by_referred_member"]:
            own_tips += item["n"]
        if item["kind"] == ConversionKind.SIGNUP and item["channel"] == REFERRAL:
            referral_signups += item["n"]
    first_touch_signups = Conversion.objects.filter(
        first_campaign_code=code, kind=ConversionKind.SIGNUP, day__range=(start, end)
    ).count()
    tips, qualified = totals.count(ConversionKind.TIP), totals.count(ConversionKind.QUALIFIED)
    funnel = [
        ("bekend_maken", _("Bekend maken"), _("bezoeken"), totals.visits),
        ("informeren", _("Informeren"), _("bezoekers die verder lazen"), totals.engaged),
        ("overtuigen", _("Overtuigen tot actie"), _("conversies"), totals.actions),
        (
            "word_of_mouth",
            _("Word of mouth stimuleren"),
            _("tips en gekwalificeerde tips"),
            tips + qualified,
        ),
    ]
    top = max(totals.visits, 1)
    funnel = [
        {
            "phase": phase,
            "label": label,
            "unit": unit,
            "value": value,
            "pct": round(100 * value / top, 1),
        }
        for phase, label, unit, value in funnel
    ]
    loop = [
        {"label": _("Tips verstuurd"), "value": tips},
        {"label": _("Aanmeldingen via een tip"), "value": referral_signups},
        {"label": _("Tips gekwalificeerd"), "value": qualified},
        {"label": _("Tips van getipte leden"), "value": own_tips},
    ]
    return Results(
        code=code,
        start=start,
        end=end,
        days=sorted(days.items()),
        channels=sorted(channels.items(), key=lambda kv: (-(kv[1].actions + kv[1].visits), kv[0])),
        totals=totals,
        funnel=funnel,
        loop=loop,
        first_touch_signups=first_touch_signups,
        cells=cells,
    )


def campaign_totals(codes, start, end):
    """Visits and conversions per campaign code for the overview: two queries."""
    totals = {code: Row() for code in codes}
    for item in (
        DailyVisits.objects.filter(campaign_code__in=codes, day__range=(start, end))
        .values("campaign_code")
        .annotate(v=Sum("visits"), e=Sum("engaged"))
        .order_by()
    ):
        totals[item["campaign_code"]].visits = item["v"]
        totals[item["campaign_code"]].engaged = item["e"]
    for item in (
        Conversion.objects.filter(campaign_code__in=codes, day__range=(start, end))
        .values("campaign_code", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(totals[item["campaign_code"]], item["kind"], item["n"])
    return totals


# CSV -----------------------------------------------------------------------------------------


def csv_rows(results):
    kinds = list(ConversionKind)
    yield ["datum", "kanaal", _("bezoeken"), "geïnformeerd", *[str(k.label).lower() for k in kinds]]
    for (day, channel), row in sorted(results.cells.items()):
        yield [day.isoformat(), channel, row.visits, row.engaged, *[row.count(k) for k in kinds]]


def write_csv(results, stream):
    writer = csv.writer(stream)
    for row in csv_rows(results):
        writer.writerow([csv_cell(cell) for cell in row])
