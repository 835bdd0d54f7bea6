"""What the site package lets ``/zoeken/`` find: the themes and the standard pages.

Contributed to the ``SEARCH_SOURCES`` hook in ``loket.core.wagtail_hooks``; the helpers below
are shared with the later apps' sources (live, public, in the site, about a theme).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from loket.core import memo
from loket.core.hooks import SearchItem, SearchSource
from loket.core.models import StandardPage, ThemeIndexPage
from loket.core.sitesearch import word_patterns
from loket.themes.models import Theme, all_themes


def visible_pages(queryset, site: Site):
    """``queryset`` of pages limited to what anyone may see on ``site``: live, public, there."""
    return memo.public(queryset.live()).descendant_of(site.root_page)


def about_theme(queryset, theme: Theme | None, lookup: str = "themes"):
    """``queryset`` limited to ``theme`` (through ``lookup``) without duplicating rows."""
    if theme is None:
        return queryset
    return queryset.filter(pk__in=queryset.model.objects.filter(**{lookup: theme}).values("pk"))


def text_of(obj: Any, *names: str) -> str:
    """The plain text of ``obj``'s fields ``names`` (StreamFields by their searchable content)."""
    parts = []
    for name in names:
        value = getattr(obj, name, "")
        if not value:
            continue
        model_field = obj._meta.get_field(name)
        if hasattr(model_field, "stream_block"):
            parts.extend(str(v) for v in model_field.get_searchable_content(value))
        else:
            parts.append(str(value))
    return " ".join(parts)


# Themes: a few rows, matched in memory (they are in no search index) ---------------------------


class ThemeHit(NamedTuple):
    pk: int
    theme: Theme
    url: str


def _theme_index(site: Site) -> ThemeIndexPage | None:
    return memo.memoised(
        f"search-theme-index-{site.pk}",
        lambda: ThemeIndexPage.objects.live().descendant_of(site.root_page).first(),
    )


def find_themes(
    *, site: Site, theme: Theme | None, terms: list[str], operator: str = "and"
) -> Iterable[ThemeHit]:
    index = _theme_index(site)
    if index is None:
        return []
    patterns = word_patterns(terms)
    found = []
    for candidate in all_themes().values():
        if theme is not None and candidate.pk != theme.pk:
            continue
        text = f"{candidate.name} {candidate.description}"
        if (all if operator == "and" else any)(p.search(text) for p in patterns):
            found.append(ThemeHit(candidate.pk, candidate, index.theme_url(candidate)))
    # Themes whose name holds the words first ("financiering" before "financiën").
    found.sort(key=lambda hit: not all(p.search(hit.theme.name) for p in patterns))
    return found


def describe_theme(hit: ThemeHit, request) -> SearchItem:
    return SearchItem(
        title=hit.theme.name,
        url=hit.url,
        text=hit.theme.description
        or str(_("Bijeenkomsten, communities, cases en achtergrond over dit thema.")),
    )


# Standard pages -------------------------------------------------------------------------------


def standard_pages(*, site: Site, theme: Theme | None):
    return about_theme(visible_pages(StandardPage.objects.all(), site), theme)


def describe_page(page, request) -> SearchItem:
    return SearchItem(
        title=page.title,
        url=page.get_url(request),
        text=text_of(page, "search_description", "intro", "body"),
    )


def search_sources() -> list[SearchSource]:
    return [
        SearchSource("thema", _("Thema's"), _("Thema"), describe_theme, find=find_themes, order=10),
        SearchSource(
            "pagina", _("Pagina's"), _("Pagina"), describe_page, queryset=standard_pages, order=80
        ),
    ]
