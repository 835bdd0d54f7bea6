"""Views around the campaign landing pages: the per-visitor status and claiming an offer.

The landing page itself is the same HTML for everybody (cacheable); ``landing_status`` answers,
never cached, what differs per visitor: a CSRF token for the forms, whether they are signed in,
their own tip link, and the live counters of the page's offers.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import landing
from . import services as referrals
from .offers import LimitedOffer


@never_cache
@require_GET
def landing_status(request, code):
    pages = landing.open_campaigns().only("id", "starts_at", "body")
    page = get_object_or_404(pages, code=code[:60])
    user = request.user
    offers = landing.page_offers(page)
    mine = landing.claims_for(offers, user)
    state = {
        "csrf": get_token(request),
        "authenticated": user.is_authenticated,
        "offers": {},
    }
    for offer in offers:
        counts = landing.offer_state(offer)
        state["offers"][str(offer.pk)] = {
            "total": counts["total"],
            "claimed": counts["claimed"],
            "left": counts["left"],
            "mine": offer.pk in mine,
        }
    if user.is_authenticated:
        state["tip_link"] = referrals.referral_url(user)
    return JsonResponse(state)


def _page_url(offer, request):
    # A campaign outside every site's tree has no URL; the home page is better than a 500.
    return (offer.campaign.get_url(request) or "/") + f"#aanbod-{offer.key}"


def _open_offer(offer_id):
    """The offer, if its campaign is one a visitor may act on (live, public, started)."""
    return (
        LimitedOffer.objects.select_related("campaign")
        .filter(pk=_int(offer_id), campaign__in=landing.open_campaigns())
        .first()
    )


@require_POST
def claim_offer(request, offer_id):
    """POST only; a visitor is sent to log in and comes back to the offer."""
    if not request.user.is_authenticated:
        offer = _open_offer(offer_id)
        if offer is None:
            raise Http404
        messages.info(request, _("Log in of meld je gratis aan om een plek te claimen."))
        query = urlencode({"next": _page_url(offer, request)})
        return redirect(reverse("accounts:login") + "?" + query)
    try:
        claim = landing.claim_offer(request.user, offer_id, request=request)
    except landing.OfferError as error:
        offer = _open_offer(offer_id)
        back = _page_url(offer, request) if offer is not None else None
        context = {"message": error.message, "code": error.code, "back": back}
        return render(request, "campaigns/pages/offer_result.html", context, status=error.status)
    messages.success(
        request,
        _("Gelukt! Je hebt een plek bij “%(title)s”. We nemen binnenkort contact met je op.")
        % {"title": claim.offer.title},
    )
    return redirect(_page_url(claim.offer, request))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
