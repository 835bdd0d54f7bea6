"""Taking the scan: the questions (GET) and the answers (POST). Plain HTML radio buttons, no
JavaScript needed; a missing answer shows the form again with what was chosen."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from ..models import ScanVersion
from ..services import (
    ScanError,
    current_version,
    field_name,
    read_answers,
    record_result,
)
from .base import error_page

VERSION_FIELD = "versie"


def _questions(version, chosen=None, missing=()):
    chosen = chosen or {}
    rows = []
    for number, question in enumerate(version.questions, start=1):
        rows.append(
            {
                **question,
                "number": number,
                "field": field_name(question),
                "chosen": chosen.get(question["id"], ""),
                "missing": question["id"] in missing,
            }
        )
    return rows


def _render(request, page, version, *, chosen=None, missing=(), status=200):
    return TemplateResponse(
        request,
        "scan/scan.html",
        {
            "page": page,
            "self": page,
            "version": version,
            "version_field": VERSION_FIELD,
            "questions": _questions(version, chosen, missing),
            "missing_count": len(missing),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def scan(request, page):
    if request.method != "POST":
        version = current_version(page)
        if not version.questions:
            return error_page(
                request,
                page,
                ScanError(_("De scan wordt nog gemaakt. Kom snel nog eens kijken."), "empty", 404),
            )
        return _render(request, page, version)
    version_id = request.POST.get(VERSION_FIELD, "")
    version = (
        ScanVersion.objects.filter(pk=version_id, page=page).first()
        if version_id.isdigit() and len(version_id) < 12
        else None
    )
    if version is None:
        return error_page(
            request,
            page,
            ScanError(_("Deze versie van de scan kennen we niet. Vul hem opnieuw in."), "version"),
        )
    try:
        answers, missing = read_answers(version, request.POST)
    except ScanError as error:
        return error_page(request, page, error)
    if missing:
        return _render(request, page, version, chosen=answers, missing=missing, status=400)
    result = record_result(
        version, answers, site=Site.find_for_request(request), user=request.user, request=request
    )
    return HttpResponseRedirect(page.url_for("result", request, token=result.token))
