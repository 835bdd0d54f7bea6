"""What the intervision views share: private responses, rendering with the page's context, and a
group or session looked up for the member (404 to anyone outside the group).
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from .. import services
from ..models.groups import IntervisionGroup
from ..models.sessions import IntervisionSession


def _private(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render(page, request, template, context, *, status=200):
    full = page.get_context(request)
    full.update({"page": page, "page_url": page.get_url(request), **context})
    return TemplateResponse(request, template, full, status=status)


def _group_or_404(request, group_id):
    group = IntervisionGroup.objects.select_related("theme").filter(pk=group_id).first()
    if group is None or not services.can_see_group(request.user, group):
        raise Http404(_("Deze pagina bestaat niet."))
    return group


def _session_or_404(group, session_id):
    session = IntervisionSession.objects.filter(pk=session_id, group=group).first()
    if session is None:
        raise Http404(_("Deze pagina bestaat niet."))
    session.group = group
    return session


def _back(page, request, group, anchor=""):
    return redirect(page.url_for("group", request, group_id=group.pk) + anchor)
