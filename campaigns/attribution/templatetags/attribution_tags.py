"""``{% attribution_beacon %}``: the script that reports a campaign visit without a cookie on
the page itself. The tag's output is the same for every visitor, so the page stays cacheable."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def attribution_beacon(context, page=None):
    page = page if page is not None else context.get("page")
    code = getattr(page, "code", "") or ""
    return format_html(
        '<script src="{}" data-endpoint="{}" data-campaign="{}" defer></script>',
        static("attribution/beacon.js"),
        reverse("attribution:beacon"),
        code,
    )
