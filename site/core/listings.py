"""What the site package itself offers to theme and tag pages: the standard pages.

Contributed to the ``LISTINGS`` hook in ``loket.core.wagtail_hooks``.
"""

from loket.core import registry
from loket.core.models import StandardPage


def _standard_pages(site):
    pages = StandardPage.objects.live().public()
    pages = registry.in_site(pages, site)
    return pages.order_by("title")


def pages_for_theme(theme, limit=6, site=None, **kwargs):
    return _standard_pages(site).filter(themes=theme)[:limit]


def pages_for_tag(tag, limit=6, site=None, **kwargs):
    return _standard_pages(site).filter(tags=tag)[:limit]
