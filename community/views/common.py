"""What every community view shares: rendering with the right cache policy, errors, log-in."""

from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from ..permissions import request_access


def login_url(request):
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


def community_page_model():
    """``CommunityPage``, looked up by name: the page module imports the views, never back."""
    return apps.get_model("community", "CommunityPage")


def keep_private(response, request, community=None, *, public=False):
    """Members-only content and anything personal never sits in a shared cache.

    ``community`` says whether its content is public; a page without one passes ``public``.
    """
    if community is not None:
        public = community.is_public
    if request.user.is_authenticated or not public:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def render(page, request, template, context=None, *, status=200):
    access = request_access(request, page)
    full_context = page.get_context(request)
    full_context.update(
        {
            "page": page,
            "community": page,
            # Computed once: templates build route URLs in loops from it without a lookup each.
            "page_url": page.get_url(request),
            "access": access,
            "login_url": login_url(request),
            **(context or {}),
        }
    )
    response = TemplateResponse(request, template, full_context, status=status)
    return keep_private(response, request, page)


def error(page, request, exc, *, back_url=None, back_label=None):
    """A refused step as a page with its Dutch message and its 4xx status."""
    if exc.status == 404:
        raise Http404(exc.message)
    return render(
        page,
        request,
        "community/error.html",
        {
            "message": exc.message,
            "code": exc.code,
            "back_url": back_url or page.get_url(request),
            "back_label": back_label,
        },
        status=exc.status,
    )
