"""Figures for staff: per region how many scans, the average per theme and the phase mix.

Only counts and averages leave this module; no answer of a single person ever does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wagtail.models import Site

from loket.accounts.services import roles
from loket.themes.models import all_themes

from ..choices import Phase
from ..models import ScanResult

# Fewer scans than this and a region's averages could point at a person: only the count shows.
MIN_FOR_AVERAGES = 5


@dataclass
class RegionFigures:
    site: Site
    count: int = 0
    themes: list[dict[str, Any]] = field(default_factory=list)
    phases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.count >= MIN_FOR_AVERAGES


def sites_for_staff(user: Any) -> list[Site]:
    """The regions whose figures ``user`` sees: all for national staff, else their own."""
    return list(roles.staff_sites(user))


def region_figures(sites: list[Site], since: datetime | None = None) -> list[RegionFigures]:
    """Figures per site in one pass over the results' scores (one query, whatever the count)."""
    figures = {site.pk: RegionFigures(site) for site in sites}
    totals: dict[int, dict[str, list[int]]] = {pk: {} for pk in figures}
    phases: dict[int, dict[str, int]] = {pk: {} for pk in figures}
    rows = ScanResult.objects.filter(site__in=list(figures))
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    for site_id, scores, phase in rows.values_list("site_id", "scores", "phase").iterator(
        chunk_size=2000
    ):
        figures[site_id].count += 1
        for key, value in scores.items():
            pair = totals[site_id].setdefault(key, [0, 0])
            pair[0] += value
            pair[1] += 1
        if phase:
            phases[site_id][phase] = phases[site_id].get(phase, 0) + 1
    themes = all_themes()
    for pk, fig in figures.items():
        for key, (total, count) in sorted(totals[pk].items()):
            theme = themes.get(int(key))
            fig.themes.append(
                {"name": theme.name if theme else key, "average": round(total / count)}
            )
        fig.themes.sort(key=lambda row: row["name"])
        for value, label in Phase.choices:
            count = phases[pk].get(value, 0)
            share = round(100 * count / fig.count) if fig.count else 0
            fig.phases.append({"label": label, "count": count, "share": share})
    return list(figures.values())


__all__ = ["RegionFigures", "region_figures", "sites_for_staff"]
