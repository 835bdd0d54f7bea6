"""A campaign's results: visits, conversions, the funnel and the loop, and their CSV.
A fixed number of queries whatever the date range."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, Model, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from loket.core.exports import safe_csv_writer

from ..models import (
    ACTION_KINDS,
    Conversion,
    ConversionKind,
    DailyVisits,
)
from .base import REFERRAL

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

_M = TypeVar("_M", bound=Model)


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


def _in_regions(queryset: QuerySet[_M], site_ids: Collection[int] | None) -> QuerySet[_M]:
    """Rows of these regions only (a regional staff member's); None is every region."""
    return queryset if site_ids is None else queryset.filter(site__in=site_ids)


def campaign_results(
    code: str, start: date, end: date, site_ids: Collection[int] | None = None
) -> Results:
    """Everything the results page shows for campaign ``code`` from ``start`` to ``end``, in the
    regions ``site_ids`` (None: all of them).

    Three queries whatever the range: visits by day and channel, conversions by day, channel,
    kind and loop flag, and the sign-ups whose first touch was this campaign.
    """
    days = {start + timedelta(days=n): Row() for n in range((end - start).days + 1)}
    channels: dict[str, Row] = {}
    cells: dict[tuple, Row] = {}
    totals = Row()
    visits = (
        _in_regions(DailyVisits.objects.all(), site_ids)
        .filter(campaign_code=code, day__range=(start, end))
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
        _in_regions(Conversion.objects.all(), site_ids)
        .filter(campaign_code=code, day__range=(start, end))
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
    first_touch_signups = (
        _in_regions(Conversion.objects.all(), site_ids)
        .filter(first_campaign_code=code, kind=ConversionKind.SIGNUP, day__range=(start, end))
        .count()
    )
    tips, qualified = totals.count(ConversionKind.TIP), totals.count(ConversionKind.QUALIFIED)
    funnel: list[Any] = [
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


def results_by_region(
    code: str, start: date, end: date, site_ids: Collection[int] | None = None
) -> list[tuple[Site | None, Row]]:
    """Campaign ``code``'s visits and conversions per region, side by side (three queries);
    rows without a region (from before regions) under None."""
    rows: dict[int | None, Row] = {}
    for item in (
        _in_regions(DailyVisits.objects.all(), site_ids)
        .filter(campaign_code=code, day__range=(start, end))
        .values("site_id")
        .annotate(v=Sum("visits"), e=Sum("engaged"))
        .order_by()
    ):
        row = rows.setdefault(item["site_id"], Row())
        row.visits, row.engaged = item["v"], item["e"]
    for item in (
        _in_regions(Conversion.objects.all(), site_ids)
        .filter(campaign_code=code, day__range=(start, end))
        .values("site_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(rows.setdefault(item["site_id"], Row()), item["kind"], item["n"])
    sites = Site.objects.in_bulk([pk for pk in rows if pk is not None])
    found = [(sites.get(pk) if pk is not None else None, row) for pk, row in rows.items()]
    return sorted(found, key=lambda item: (item[0] is None, str(item[0] and item[0].site_name)))


def campaign_totals(
    codes: Iterable[str], start: date, end: date, site_ids: Collection[int] | None = None
) -> dict[str, Row]:
    """Visits and conversions per campaign code for the overview: two queries."""
    totals = {code: Row() for code in codes}
    for item in (
        _in_regions(DailyVisits.objects.all(), site_ids)
        .filter(campaign_code__in=codes, day__range=(start, end))
        .values("campaign_code")
        .annotate(v=Sum("visits"), e=Sum("engaged"))
        .order_by()
    ):
        totals[item["campaign_code"]].visits = item["v"]
        totals[item["campaign_code"]].engaged = item["e"]
    for item in (
        _in_regions(Conversion.objects.all(), site_ids)
        .filter(campaign_code__in=codes, day__range=(start, end))
        .values("campaign_code", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(totals[item["campaign_code"]], item["kind"], item["n"])
    return totals


def csv_rows(results: Results) -> Iterator[list[Any]]:
    kinds = list(ConversionKind)
    yield ["datum", "kanaal", _("bezoeken"), "geïnformeerd", *[str(k.label).lower() for k in kinds]]
    for (day, channel), row in sorted(results.cells.items()):
        yield [day.isoformat(), channel, row.visits, row.engaged, *[row.count(k) for k in kinds]]


def write_csv(results: Results, stream: SupportsWrite[str]) -> None:
    # A channel comes from a visitor's UTM parameters: no cell may run as a formula.
    safe_csv_writer(stream).writerows(csv_rows(results))
