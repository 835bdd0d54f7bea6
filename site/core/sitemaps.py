"""``sitemap.xml``: Wagtail's page sitemap, with a constant number of queries, and a sitemap
index once the site outgrows one file.

Wagtail asks every page for its URLs one by one; a page class whose URLs need more from the
database (a public community lists its discussions) defines a classmethod
``prepare_sitemap(pages, request)`` that loads that for all its pages of the sitemap at once.
The number of queries then stays the same with 10 or 1,000 communities.

Up to ``SITEMAP_LIMIT`` pages, ``sitemap.xml`` is one sitemap of the request's site. Above it,
``sitemap.xml`` is a sitemap index with a sitemap per section (``sitemap-<section>.xml``, the
app of the page type: ``core``, ``events``, ``community`` ...), each split into files of
``SITEMAP_LIMIT`` pages (``?p=2``), on the host the index was asked for. Every file costs the
same number of queries, however large.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as django_views
from django.db.models import Max
from django.db.models.functions import Coalesce

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap


class Sitemap(WagtailSitemap):
    """The live public pages of the request's site; of one section when ``section`` is given."""

    def __init__(self, request=None, section: str | None = None):
        super().__init__(request)
        self.section = section

    @property
    def limit(self) -> int:  # type: ignore[override]
        return settings.SITEMAP_LIMIT

    def pages(self):
        """The pages without ``.specific()``: for counting and for the sections."""
        site = self.get_wagtail_site()
        pages = site.root_page.get_descendants(inclusive=True).live().public()
        if self.section is not None:
            pages = pages.filter(content_type__app_label=self.section)
        return pages

    def items(self):
        items = super().items()
        if self.section is not None:
            items = items.filter(content_type__app_label=self.section)
        return items

    def get_latest_lastmod(self):
        # Django's default loads every page of the section for this; one aggregate does.
        return self.pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        by_class = defaultdict(list)
        for item in pages:
            by_class[type(item)].append(item)
        for page_class, items in by_class.items():
            prepare = getattr(page_class, "prepare_sitemap", None)
            if prepare is not None:
                prepare(items, self.request)
        urls, last_mods = [], set()
        for item in pages:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # last_mods might be empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sections(request) -> dict[str, Sitemap]:
    """A sitemap per app that has live public pages on the request's site, in a fixed order."""
    labels = (
        Sitemap(request)
        .pages()
        .order_by("content_type__app_label")
        .values_list("content_type__app_label", flat=True)
        .distinct()
    )
    return {label: Sitemap(request, label) for label in labels}


def sitemap(request):
    whole = Sitemap(request)
    if whole.pages().count() <= settings.SITEMAP_LIMIT:
        return django_views.sitemap(request, {"pages": whole})
    return django_views.index(request, sections(request), sitemap_url_name="core:sitemap_section")


def section_sitemap(request, section):
    """One section's sitemap (404 for a section without pages, or a ``p`` past its end)."""
    return django_views.sitemap(request, sections(request), section=section)
