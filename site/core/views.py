"""Site-wide views outside the page tree: search, robots.txt, favicon and the error pages."""

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from .search import clean_query, search_text

SEARCH_PAGE_SIZE = 10


@require_safe
def search(request):
    """Full-text search over the live, public pages of the current site."""
    query = clean_query(request.GET.get("q", ""))
    site = Site.find_for_request(request)
    results_page = None
    if query and site is not None:
        pages = search_text(
            Page.objects.live().public().descendant_of(site.root_page, inclusive=True), query
        )
        results_page = Paginator(pages, SEARCH_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "core/search.html",
        {"query": query, "results": results_page},
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
