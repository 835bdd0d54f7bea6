"""What the site package itself offers to theme and tag pages: the standard pages."""

from django.utils.translation import gettext_lazy as _

from loket.core import registry


def _standard_pages(site):
    from loket.core.models import StandardPage

    pages = StandardPage.objects.live().public()
    pages = registry.in_site(pages, site)
    return pages.order_by("title")


def pages_for_theme(theme, limit=6, site=None, **kwargs):
    return _standard_pages(site).filter(themes=theme)[:limit]


def pages_for_tag(tag, limit=6, site=None, **kwargs):
    return _standard_pages(site).filter(tags=tag)[:limit]


def register_listings():
    template = "includes/listing.html"
    label = _("Achtergrond en uitleg")
    registry.register(
        "by_theme", "pages", label=label, provider=pages_for_theme, template=template, order=90
    )
    registry.register(
        "by_tag", "pages", label=label, provider=pages_for_tag, template=template, order=90
    )
