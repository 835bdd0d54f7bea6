"""What the site package itself offers to theme and tag pages: the standard pages."""

from django.utils.translation import gettext_lazy as _

from loket.core import registry


def pages_for_theme(theme, limit=6, **kwargs):
    from loket.core.models import StandardPage

    return StandardPage.objects.live().filter(themes=theme).order_by("title")[:limit]


def pages_for_tag(tag, limit=6, **kwargs):
    from loket.core.models import StandardPage

    return StandardPage.objects.live().filter(tags=tag).order_by("title")[:limit]


def register_listings():
    template = "includes/listing.html"
    label = _("Achtergrond en uitleg")
    registry.register(
        "by_theme", "pages", label=label, provider=pages_for_theme, template=template, order=90
    )
    registry.register(
        "by_tag", "pages", label=label, provider=pages_for_tag, template=template, order=90
    )
