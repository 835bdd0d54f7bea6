"""The figures of the Tevredenheid view: CSAT (mean and distribution), CES, resolved share and
response rate, in total and per contact type, theme, adviser or partner, month and region.

Every figure is a database aggregate: a report runs the same handful of queries however many
ratings it covers (``tests/satisfaction`` pins it; ``tests/benchmarks`` times 100,000).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from wagtail.models import Site

from loket.accounts.services import roles
from loket.themes.models import Theme

from ..models import SCORE_MAX, SCORE_MIN, ContactKind, Rating, Resolved, SatisfactionSettings

if TYPE_CHECKING:
    from loket.accounts.models import User


def staff_scope(user: User) -> tuple[list[Site], bool]:
    """The regions ``user`` may see, and whether they see the national view too.

    Superusers and the national groups see every region; a region's staff see their own."""
    return list(roles.staff_sites(user)), roles.staff_site_ids(user) is roles.ALL_REGIONS


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end, time.max, tzinfo=zone),
        )


@dataclass
class Row:
    """One group's figures (a contact type, theme, month, ...)."""

    key: Any
    label: str
    asked: int = 0
    answered: int = 0
    score: float | None = None
    ces: float | None = None
    resolved: int = 0
    partly: int = 0

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answered / self.asked, 1) if self.asked else None

    @property
    def resolved_pct(self) -> float | None:
        return round(100 * self.resolved / self.answered, 1) if self.answered else None

    @property
    def partly_pct(self) -> float | None:
        return round(100 * self.partly / self.answered, 1) if self.answered else None


@dataclass
class Report:
    period: Period
    sites: list[Site]
    national: bool
    totals: Row
    distribution: list[tuple[int, int]]
    per_kind: list[Row]
    per_theme: list[Row]
    per_adviser: list[Row]
    per_month: list[Row]
    per_region: list[Row] = field(default_factory=list)
    target_score: Decimal | None = None
    target_resolved: int | None = None


def _metrics(within: Q | None = None, prefix: str = "") -> dict[str, Any]:
    """The figures of a group as aggregates, each limited to ``within`` when given (a month).
    Named apart from the model's fields: an annotation called "resolved" would shadow it."""

    def only(condition: Q) -> Q:
        return condition & within if within is not None else condition

    return {
        f"{prefix}n_asked": Count("pk", filter=within),
        f"{prefix}n_answered": Count("answered_at", filter=within),
        f"{prefix}avg_score": Avg("score", filter=within),
        f"{prefix}avg_ces": Avg("ces", filter=within),
        f"{prefix}n_resolved": Count("pk", filter=only(Q(resolved=Resolved.YES))),
        f"{prefix}n_partly": Count("pk", filter=only(Q(resolved=Resolved.PARTLY))),
    }


METRICS = _metrics()


def _row(key: Any, label: str, values: dict[str, Any], prefix: str = "") -> Row:
    def rounded(value):
        return round(float(value), 2) if value is not None else None

    return Row(
        key=key,
        label=label,
        asked=values[f"{prefix}n_asked"],
        answered=values[f"{prefix}n_answered"],
        score=rounded(values[f"{prefix}avg_score"]),
        ces=rounded(values[f"{prefix}avg_ces"]),
        resolved=values[f"{prefix}n_resolved"],
        partly=values[f"{prefix}n_partly"],
    )


def ratings_in(sites: list[Site], period: Period) -> QuerySet[Rating]:
    start, end = period.bounds()
    return Rating.objects.filter(site__in=sites, contact_at__range=(start, end))


def _grouped(rows: QuerySet, key: str, label: Callable[[Any], str] | None = None) -> list[Row]:
    found = rows.values(key).annotate(**METRICS).order_by(key)
    return [_row(v[key], label(v[key]) if label else str(v[key] or "—"), v) for v in found]


def _months(period: Period) -> list[date]:
    months, current = [], period.start.replace(day=1)
    while current <= period.end:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _targets(sites: list[Site]) -> tuple[Decimal | None, int | None]:
    """The region's own targets; nationally the mean of the regions' targets."""
    found = list(SatisfactionSettings.objects.filter(site__in=sites))
    if not found:
        default = SatisfactionSettings()
        return (default.target_score, default.target_resolved) if sites else (None, None)
    score = sum((s.target_score for s in found), Decimal(0)) / len(found)
    resolved = round(sum(s.target_resolved for s in found) / len(found))
    return score.quantize(Decimal("0.1")), resolved


def report(sites: list[Site], period: Period, *, national: bool = False) -> Report:
    """The figures of ``sites`` (one region, or all of them nationally) over ``period``."""
    rows = ratings_in(sites, period)
    # Totals, the distribution and every month in one pass over the period's rows.
    months = _months(period)
    zone = timezone.get_current_timezone()
    starts = [datetime.combine(m, time.min, tzinfo=zone) for m in months]
    aggregates = {**METRICS}
    for i, start in enumerate(starts):
        # The rows are already limited to the period; a month ends where the next begins.
        within = Q(contact_at__gte=start)
        if i + 1 < len(starts):
            within &= Q(contact_at__lt=starts[i + 1])
        aggregates.update(_metrics(within, f"m{i}_"))
    for score in range(SCORE_MIN, SCORE_MAX + 1):
        aggregates[f"score_{score}"] = Count("pk", filter=Q(score=score))
    found = rows.aggregate(**aggregates)
    totals = _row(None, "totaal", found)
    per_month = [
        _row(month, month.strftime("%m-%Y"), found, f"m{i}_") for i, month in enumerate(months)
    ]
    kinds = dict(ContactKind.choices)
    site_names = {site.pk: site.site_name or site.hostname for site in sites}
    # Grouped by id and named from the few themes: no join over every rating.
    theme_names = dict(Theme.objects.values_list("pk", "name"))
    target_score, target_resolved = _targets(sites)
    return Report(
        period=period,
        sites=sites,
        national=national,
        totals=totals,
        distribution=[(n, found[f"score_{n}"]) for n in range(SCORE_MIN, SCORE_MAX + 1)],
        per_kind=_grouped(rows, "kind", lambda k: str(kinds.get(k, k))),
        per_theme=sorted(
            _grouped(rows, "theme_id", lambda pk: theme_names.get(pk, "Zonder thema")),
            key=lambda row: row.label,
        ),
        per_adviser=_grouped(rows, "adviser", lambda n: n or "Niet vastgelegd"),
        per_month=per_month,
        per_region=(
            _grouped(rows, "site_id", lambda pk: site_names.get(pk, str(pk))) if national else []
        ),
        target_score=target_score,
        target_resolved=target_resolved,
    )


CSV_HEADER = [
    "datum contact",
    "beantwoord op",
    "regio",
    "soort contact",
    "thema",
    "adviseur of partner",
    "rapportcijfer",
    "moeite (CES)",
    "opgelost",
    "in één zin",
]


def write_csv(sites: list[Site], period: Period, stream: Any) -> None:
    """Every answered rating of the period, one row each, through the formula-safe writer."""
    # Imported here: it loads Wagtail's admin views, and events imports these services while
    # its models load (the follow-up asks the meetup's rating).
    from loket.core.exports import safe_csv_writer

    writer = safe_csv_writer(stream)
    writer.writerow(CSV_HEADER)
    # Plain rows and names looked up once: model instances and lazy labels per row cost more
    # than the query on a year of a busy region.
    kinds = {key: str(label) for key, label in ContactKind.choices}
    resolved = {key: str(label) for key, label in Resolved.choices}
    regions = {site.pk: site.site_name or site.hostname for site in sites}
    themes = dict(Theme.objects.values_list("pk", "name"))
    zone = timezone.get_current_timezone()
    rows = (
        ratings_in(sites, period)
        .filter(answered_at__isnull=False)
        .order_by("contact_at", "pk")
        .values_list(
            "contact_at",
            "answered_at",
            "site_id",
            "kind",
            "theme_id",
            "adviser",
            "score",
            "ces",
            "resolved",
            "sentence",
        )
    )
    for (
        contact_at,
        answered_at,
        site_id,
        kind,
        theme_id,
        adviser,
        score,
        ces,
        solved,
        text,
    ) in rows.iterator(chunk_size=5000):
        writer.writerow(
            [
                contact_at.astimezone(zone).date(),
                answered_at.astimezone(zone).date(),
                regions.get(site_id, ""),
                kinds.get(kind, kind),
                themes.get(theme_id, ""),
                adviser,
                score,
                ces,
                resolved.get(solved, ""),
                text,
            ]
        )
