"""Ask the registry for listings from templates, and render them with their own template.

{% collect_listings "by_event" event=page limit=3 as listings %}
{% for listing in listings %}{% render_listing listing %}{% endfor %}
"""

from django import template
from django.template.loader import render_to_string

from wagtail.models import Site

from loket.core import registry
from loket.core.models import ThemeIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def collect_listings(context, kind, **kwargs):
    """Listings of ``kind`` for the current request's site (pass ``site=`` to override)."""
    if "site" not in kwargs:
        request = context.get("request")
        kwargs["site"] = Site.find_for_request(request) if request else None
    return registry.collect(kind, **kwargs)


@register.simple_tag(takes_context=True)
def render_listing(context, listing):
    """Render ``listing`` with its template; the template gets ``listing`` and ``items``."""
    return render_to_string(
        listing.template,
        {"listing": listing, "items": listing.items, "page": context.get("page")},
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def taxonomy_links(context, page):
    """Links to the theme and tag pages of ``page`` (themes first), on the current site.

    Returns a list of dicts with ``label``, ``url`` and ``colour`` (themes only); empty when the
    site has no theme overview to link to.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    index = ThemeIndexPage.objects.live().descendant_of(site.root_page, inclusive=True).first()
    if index is None:
        return []
    links = [
        {"label": theme.name, "url": index.theme_url(theme, request), "colour": theme.colour}
        for theme in page.themes.all()
    ]
    links += [
        {"label": tag.name, "url": index.tag_url(tag, request), "colour": ""}
        for tag in page.tags.all()
    ]
    return links
