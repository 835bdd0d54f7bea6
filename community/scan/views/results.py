"""A result: scores per theme, strengths and attention points, next steps in the region; and
what its owner may do with it (keep it, mail it once, sign up with it)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Site

from loket.accounts.services import absolute_url

from .. import charts
from ..forms import MailResultForm, SaveResultForm
from ..services import (
    ScanError,
    intervision_url,
    keep_for_signup,
    mail_result,
    may_see,
    next_steps,
    phase_label,
    result_from_token,
    save_to_account,
    strengths_and_attention,
    taken_here,
    theme_scores,
)
from .base import error_page, private


def _result_or_error(request, token):
    result = result_from_token(token)
    if not may_see(result, request):
        raise ScanError(_("Deze link naar een scanresultaat klopt niet."), "not_yours", 404)
    return result


def _render(request, page, result, *, mail_form=None, status=200):
    rows = theme_scores(result)
    strengths, attention = strengths_and_attention(result)
    user = request.user
    site = Site.find_for_request(request)
    context = {
        "page": page,
        "self": page,
        "result": result,
        "scores": rows,
        "chart": charts.theme_bars(rows),
        "strengths": strengths,
        "attention": attention,
        "phase": phase_label(result.phase),
        "steps": next_steps(result, site),
        "intervision_url": intervision_url(site, request),
        "intake_url": reverse("intake:request"),
        "is_owner": user.is_authenticated and result.user_id == user.pk,
        "may_keep": result.user_id is None,
        "taken_here": taken_here(result, request),
        "mail_form": mail_form or MailResultForm(),
        "save_form": SaveResultForm(),
        "save_url": page.url_for("save", request, token=result.token),
        "mail_url": page.url_for("mail", request, token=result.token),
        "signup_url": page.url_for("signup", request, token=result.token),
        "scan_url": page.url_for("index", request),
    }
    return private(TemplateResponse(request, "scan/result.html", context, status=status))


@require_GET
def result(request, page, token):
    try:
        found = _result_or_error(request, token)
    except ScanError as error:
        return error_page(request, page, error)
    return _render(request, page, found)


@require_POST
def save(request, page, token):
    try:
        found = _result_or_error(request, token)
    except ScanError as error:
        return error_page(request, page, error)
    result_url = page.url_for("result", request, token=found.token)
    if not request.user.is_authenticated:
        return redirect_to_login(result_url, reverse("accounts:login"))
    form = SaveResultForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    try:
        save_to_account(
            found, request.user, use_for_profile=form.cleaned_data.get("use_for_profile", False)
        )
    except ScanError as error:
        return error_page(request, page, error)
    messages.success(request, _("Je resultaat staat op je account."))
    return HttpResponseRedirect(result_url)


@require_POST
def mail(request, page, token):
    try:
        found = _result_or_error(request, token)
    except ScanError as error:
        return error_page(request, page, error)
    form = MailResultForm(request.POST)
    if not form.is_valid():
        return _render(request, page, found, mail_form=form, status=400)
    result_url = page.url_for("result", request, token=found.token)
    try:
        mail_result(
            found,
            form.cleaned_data["email"],
            result_url=absolute_url(result_url, request),
            site_url=absolute_url("/", request).rstrip("/"),
        )
    except ScanError as error:
        return error_page(request, page, error)
    messages.success(request, _("We hebben je resultaat gemaild. Je adres bewaren we niet."))
    return HttpResponseRedirect(result_url)


@require_POST
def sign_up(request, page, token):
    try:
        found = _result_or_error(request, token)
    except ScanError as error:
        return error_page(request, page, error)
    if request.user.is_authenticated:
        return save(request, page, token)
    keep_for_signup(request, found)
    return HttpResponseRedirect(reverse("accounts:signup"))
