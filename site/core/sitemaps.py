"""``sitemap.xml``: Wagtail's page sitemap, with a constant number of queries.

Wagtail asks every page for its URLs one by one; a page class whose URLs need more from the
database (a public community lists its discussions) defines a classmethod
``prepare_sitemap(pages, request)`` that loads that for all its pages of the sitemap at once.
The number of queries then stays the same with 10 or 1,000 communities.
"""

from collections import defaultdict

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap


class Sitemap(WagtailSitemap):
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


def sitemap(request):
    # local import: wagtail.contrib.sitemaps.views imports models, not ready at URL loading
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    return wagtail_sitemap(request, sitemaps={"pages": Sitemap})
