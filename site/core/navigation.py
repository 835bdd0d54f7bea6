"""The main navigation of a site: its root's live ``show_in_menus`` children, cached per site.

The cache holds only what is the same for every visitor of a site (titles and paths); the
account link depends on who is signed in and is added when the menu is rendered. Publishing,
unpublishing, moving or deleting a page, or changing a site, clears the cached menus.
"""

from django.core.cache import cache

from wagtail.models import Page, Site

CACHE_TIMEOUT = 60 * 10
CACHE_PREFIX = "loket:nav:"


def _cache_key(site_pk):
    return f"{CACHE_PREFIX}{site_pk}"


def get_menu_items(site, request=None):
    """``[{"title": ..., "url": ...}, ...]`` for ``site``'s main menu, in tree order."""
    if site is None:
        return []
    key = _cache_key(site.pk)
    items = cache.get(key)
    if items is None:
        pages = (
            Page.objects.child_of(site.root_page)
            .live()
            .public()
            .in_menu()
            .only("id", "title", "path", "url_path", "depth", "draft_title")
        )
        items = [
            {"title": page.title, "url": page.get_url(request, current_site=site)} for page in pages
        ]
        cache.set(key, items, CACHE_TIMEOUT)
    return items


def invalidate_menus():
    """Drop every site's cached menu; safe to call any number of times."""
    site_ids = Site.objects.values_list("pk", flat=True)
    cache.delete_many([_cache_key(site_id) for site_id in site_ids])
