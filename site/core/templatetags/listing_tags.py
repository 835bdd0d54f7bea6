"""Ask the registry for listings from templates, and render them with their own template.

{% collect_listings "by_event" event=page limit=3 as listings %}
{% for listing in listings %}{% render_listing listing %}{% endfor %}
"""

from django import template
from django.template.loader import render_to_string

from loket.core import registry

register = template.Library()


@register.simple_tag
def collect_listings(kind, **kwargs):
    return registry.collect(kind, **kwargs)


@register.simple_tag(takes_context=True)
def render_listing(context, listing):
    """Render ``listing`` with its template; the template gets ``listing`` and ``items``."""
    return render_to_string(
        listing.template,
        {"listing": listing, "items": listing.items, "page": context.get("page")},
        request=context.get("request"),
    )
