"""``{% main_menu %}``: the site's main navigation, plus search and the account link."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from wagtail.models import Site

from loket.core.navigation import get_menu_items

register = template.Library()


def _reverse_or(name, fallback):
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _is_active(url, path):
    if not url or url == "/" or "://" in url:
        return False
    return path == url or path.startswith(url)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    path = request.path if request else ""
    items = [
        {**item, "active": _is_active(item["url"], path)} for item in get_menu_items(site, request)
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        account = {"title": _("Mijn account"), "url": _reverse_or("accounts:overview", "/account/")}
    else:
        account = {"title": _("Inloggen"), "url": _reverse_or("accounts:login", "/account/")}
    account["active"] = path.startswith("/account/")
    search_url = reverse("core:search")
    return {
        "items": items,
        "search": {"title": _("Zoeken"), "url": search_url, "active": path == search_url},
        "account": account,
        "request": request,
    }
