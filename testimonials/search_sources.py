"""What ``/zoeken/`` finds of the testimonials app: public experiences and live cases.

Contributed to the ``SEARCH_SOURCES`` hook in ``testimonials.wagtail_hooks``. An experience is
found only while it is on the website (approved, with consent, not private feedback), by its
quote and story: never by the name or company of the one who shared it, which its display mode
may hide.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from loket.core import memo
from loket.core.hooks import SearchItem, SearchSource
from loket.core.search_sources import about_theme, text_of, visible_pages

from .models import CasePage, Experience, TestimonialsIndexPage


def experiences(*, site, theme):
    found = (
        Experience.objects.public()
        .filter(Q(event__isnull=True) | Q(event__path__startswith=site.root_page.path))
        .select_related("theme")
    )
    return found if theme is None else found.filter(theme=theme)


def _experiences_url(request) -> str:
    def find():
        site = Site.find_for_request(request)
        index = TestimonialsIndexPage.objects.live().descendant_of(site.root_page)
        page = index.first()
        return page.get_url(request) if page is not None else ""

    return memo.memoised("search-experiences-url", find)


def describe_experience(experience: Experience, request) -> SearchItem:
    url = _experiences_url(request)
    if url and experience.theme is not None:
        url += "?" + urlencode({"thema": experience.theme.slug})
    return SearchItem(
        title=f"“{experience.quote}”",
        url=url,
        text=experience.story or experience.quote,
        meta=experience.theme.name if experience.theme is not None else "",
    )


def cases(*, site, theme):
    return about_theme(visible_pages(CasePage.objects.all(), site), theme)


def describe_case(case: CasePage, request) -> SearchItem:
    return SearchItem(
        title=case.title,
        url=case.get_url(request),
        text=text_of(case, "intro", "body"),
        meta=case.company,
    )


def search_sources() -> list[SearchSource]:
    return [
        SearchSource("case", _("Cases"), _("Case"), describe_case, queryset=cases, order=50),
        SearchSource(
            "ervaring",
            _("Ervaringen"),
            _("Ervaring"),
            describe_experience,
            queryset=experiences,
            order=60,
        ),
    ]
