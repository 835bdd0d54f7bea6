"""Next steps from the request's region for a result's weakest themes: communities, upcoming
meetups and intervision groups, and always the intake or speedconsult."""

from __future__ import annotations

from typing import Any

from community.intervision.listings import forming_groups_for_theme
from community.intervision.models import IntervisionIndexPage
from community.listings import communities_for_theme
from events.views.listing import upcoming_for_theme
from loket.core import registry
from loket.themes.models import all_themes

from ..models import ScanResult
from .scoring import weakest_theme_ids

PER_THEME = 2


def next_steps(result: ScanResult, site: Any) -> list[dict[str, Any]]:
    """Per weakest theme (two): its communities, meetups and forming intervision groups in
    ``site``. A constant number of queries: two themes, three short lists each."""
    themes = all_themes()
    steps = []
    for theme_id in weakest_theme_ids(result):
        theme = themes.get(theme_id)
        if theme is None:  # a theme deleted since the scan
            continue
        steps.append(
            {
                "theme": theme,
                "communities": communities_for_theme(theme, limit=PER_THEME, site=site),
                "events": upcoming_for_theme(theme, limit=PER_THEME, site=site),
                "groups": forming_groups_for_theme(theme, limit=1, site=site),
            }
        )
    return steps


def intervision_url(site: Any, request: Any = None) -> str:
    """Where the region takes applications for intervision (the next round), or ``""``."""
    index = registry.in_site(IntervisionIndexPage.objects.live(), site).first()
    return index.url_for("apply", request) if index is not None else ""
