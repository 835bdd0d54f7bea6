"""Tip een ander: the programme page with the member's link and tips, the referral link."""

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.accounts.forms import SIGNUP_PREFILL_SESSION_KEY

from . import services
from .forms import TipForm


def _share_links(url):
    text = _("Ik tip je het Ondernemersloket: ondernemers die van elkaar leren.")
    return {
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(url, safe=""),
        "whatsapp": "https://wa.me/?text=" + quote(f"{text} {url}", safe=""),
        "email": "mailto:?subject="
        + quote(_("Een tip voor jou als ondernemer"))
        + "&body="
        + quote(f"{text}\n\n{url}"),
    }


def _remember(response, request, code, tip=""):
    request.session["referral_code"] = code
    # The sign-up form shows the code, so arriving by link and typing it are one and the same.
    request.session[SIGNUP_PREFILL_SESSION_KEY] = {"tip_code": code}
    if tip:
        request.session["referral_tip"] = tip
    response.set_cookie(
        services.COOKIE_NAME,
        services.cookie_value(code, tip),
        max_age=services.COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def tip_page(request):
    rules = services.programme()
    context = {"rules": rules}
    code = request.GET.get("ref", "")
    if code and not request.user.is_authenticated:
        referrer = services.referrer_for_code(code)
        if referrer is None:
            context["unknown_code"] = True
            return render(request, "campaigns/tip_page.html", context, status=404)
        context["referrer"] = referrer
        response = render(request, "campaigns/tip_page.html", context)
        return _remember(response, request, code.strip().upper())
    if not request.user.is_authenticated:
        return render(request, "campaigns/tip_page.html", context)

    member = request.user
    status = 200
    if request.method == "POST":
        form = TipForm(request.POST)
        if form.is_valid():
            try:
                referral = services.tip_by_mail(member, **form.cleaned_data, request=request)
            except services.TipError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    _("Dank je wel! We hebben %(email)s je tip gemaild, namens jou.")
                    % {"email": referral.email},
                )
                return redirect("campaigns:tip_page")
        status = 400
    else:
        form = TipForm(initial={"note": services.suggested_note(member)})
    code = services.code_for(member)
    link = services.referral_url(member, code)
    context.update(
        form=form,
        link=link,
        code=code,
        share=_share_links(link),
        tips=list(services.tips_of(member)),
        on_leaderboard=services.shows_on_leaderboard(member),
    )
    return render(request, "campaigns/tip_page.html", context, status=status)


@require_http_methods(["POST"])
def leaderboard_choice(request):
    """The member's own choice to appear among the ambassadeurs van de maand."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    show = request.POST.get("show") == "ja"
    services.set_leaderboard(request.user, show)
    if show:
        messages.success(request, _("Leuk! Je naam staat voortaan bij de ambassadeurs."))
    else:
        messages.success(request, _("Je naam staat niet meer bij de ambassadeurs."))
    return redirect("campaigns:tip_page")


@never_cache
def referral_link(request, code):
    """``/r/<code>/``: remember who tipped this visitor, then invite them to sign up."""
    referrer = services.referrer_for_code(code)
    if referrer is None:
        context = {"rules": services.programme(), "unknown_code": True}
        return render(request, "campaigns/tip_page.html", context, status=404)
    tip = request.GET.get("tip", "")[:200]
    if request.user.is_authenticated:
        return redirect("campaigns:tip_page")
    messages.info(
        request,
        _("Welkom! %(name)s tipte je het Ondernemersloket. Maak gratis een account aan.")
        % {"name": referrer.display_name},
    )
    return _remember(redirect("accounts:signup"), request, code.strip().upper(), tip)
