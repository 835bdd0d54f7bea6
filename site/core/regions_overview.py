"""The admin's overview of the regions: per region its members, staff and what the apps count.

National staff and superusers see every region; a region's own staff see theirs. The apps add
their columns through the ``REGION_FIGURES`` hook (events this quarter, active communities);
every column is one query however many regions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext as _

from wagtail.models import Site

from loket.accounts.models import Profile
from loket.accounts.services.roles import (
    ROLES,
    group_name,
    region_name,
    site_of_path,
    staff_sites,
)

from . import hooks


def count_pages_by_region(pages, roots: dict[int, str]) -> dict[int, int]:
    """``{site id: n}`` for a queryset of pages anywhere in the tree: one query."""
    counts: dict[int, int] = {}
    for path in pages.values_list("path", flat=True).iterator():
        site_id = site_of_path(path, roots)
        if site_id is not None:
            counts[site_id] = counts.get(site_id, 0) + 1
    return counts


@dataclass
class RegionRow:
    site: Any
    name: str
    url: str
    members: int = 0
    staff: int = 0
    figures: list[int] = field(default_factory=list)


def overview(user) -> tuple[list[str], list[RegionRow]]:
    """The column labels (after members and staff) and one row per region ``user`` may see."""
    sites = list(staff_sites(user).select_related("root_page"))
    roots = {site.pk: site.root_page.path for site in sites}
    default = next((site.pk for site in Site.objects.filter(is_default_site=True)), None)
    members = dict(
        Profile.objects.filter(home_site__in=roots, user__is_active=True)
        .values_list("home_site")
        .annotate(n=Count("pk"))
        .values_list("home_site", "n")
    )
    if default in roots:  # members from before regions belong to the default site
        members[default] = (
            members.get(default, 0)
            + Profile.objects.filter(home_site__isnull=True, user__is_active=True).count()
        )
    figures = hooks.region_figures()
    counted = [figure.count(roots) for figure in figures]
    staff = _staff_by_region(sites)
    rows = []
    for site in sites:
        rows.append(
            RegionRow(
                site=site,
                name=region_name(site),
                url=site.root_url,
                members=members.get(site.pk, 0),
                staff=len(staff.get(site.pk, ())),
                figures=[column.get(site.pk, 0) for column in counted],
            )
        )
    return [str(figure.label) for figure in figures], rows


def _staff_by_region(sites) -> dict[int, set[int]]:
    """``{site id: ids of the people in the region's staff groups}``: one query."""
    names = {group_name(site, role): site.pk for site in sites for role in ROLES}
    pairs = Group.objects.filter(name__in=list(names)).values_list("name", "user")
    staff: dict[int, set[int]] = {}
    for name, user_id in pairs:
        if user_id is not None:
            staff.setdefault(names[name], set()).add(user_id)
    return staff


def totals(rows: list[RegionRow]) -> dict[str, Any]:
    return {
        "label": _("Alle regio's"),
        "members": sum(row.members for row in rows),
        "staff": sum(row.staff for row in rows),
        "figures": [sum(column) for column in zip(*(row.figures for row in rows), strict=False)],
    }
