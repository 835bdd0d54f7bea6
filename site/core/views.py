"""Site-wide views outside the page tree: search, robots.txt, favicon and the error pages."""

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Site

from loket.themes.models import all_themes

from . import hooks
from .search import clean_query
from .sitesearch import search_site

SEARCH_PAGE_SIZE = 10


def _search_filters(request):
    """The theme and kind asked for, and a notice for a value we do not know (then ignored)."""
    slug = clean_query(request.GET.get("thema", ""))
    kind = clean_query(request.GET.get("soort", ""))
    themes = list(all_themes().values())
    theme = next((t for t in themes if t.slug == slug), None)
    kinds = {source.kind for source in hooks.search_sources()}
    notices = []
    if slug and theme is None:
        notices.append(_("Dat thema kennen we niet; we zoeken in alle thema's."))
    if kind and kind not in kinds:
        notices.append(_("Die soort kennen we niet; we tonen alles."))
        kind = ""
    return themes, theme, kind, notices


@require_safe
def search(request):
    """``/zoeken/``: everything anyone may see on the current site (region), one list, with a
    filter by kind (``soort``) and by theme (``thema``)."""
    query = clean_query(request.GET.get("q", ""))
    themes, theme, kind, notices = _search_filters(request)
    outcome = None
    results_page = None
    kind_links = []
    if query:
        outcome = search_site(
            request, Site.find_for_request(request), query, kind=kind or None, theme=theme
        )
        results_page = Paginator(outcome.results, SEARCH_PAGE_SIZE).get_page(
            request.GET.get("pagina")
        )
        base = {"q": query, **({"thema": theme.slug} if theme else {})}
        kind_links = [
            {
                "label": _("Alles"),
                "count": outcome.total,
                "url": "?" + urlencode(base),
                "active": not kind,
            },
            *(
                {
                    "label": k.label,
                    "count": k.count,
                    "active": k.kind == kind,
                    "url": "?" + urlencode({**base, "soort": k.kind}),
                }
                for k in outcome.kinds
            ),
        ]
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "results": results_page,
            "kind_links": kind_links if outcome and outcome.kinds else [],
            "kind": kind,
            "some_words": bool(outcome and outcome.some_words),
            "themes": themes,
            "theme": theme,
            "notices": notices,
        },
    )


@require_safe
@cache_control(max_age=60 * 60)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /account/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('core:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return redirect(static("loket/img/favicon.ico"), permanent=True)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request: no context processors, no database, so it works when they fail.
    return HttpResponseServerError(loader.get_template("500.html").render())
