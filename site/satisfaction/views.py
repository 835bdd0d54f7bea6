"""The rating link from the mail (and the account page): the short question, then, for a high
score with a sentence, "Mag dit als ervaring op de site?"."""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from . import services
from .forms import ExperienceConsentForm, RatingForm
from .services.asking import answered_message, may_offer_experience


def _page(request, context, status=200):
    return TemplateResponse(request, "satisfaction/rate.html", context, status=status)


@never_cache
def rate(request, token):
    try:
        rating = services.rating_from_token(token)
    except services.RatingError as error:
        return _page(request, {"error": error.message, "broken": True}, status=error.status)
    context = {"rating": rating}
    if rating.is_answered:
        context["answered"] = True
        if request.method == "POST":
            context["error"] = answered_message()
            return _page(request, context, status=409)
        if may_offer_experience(rating):  # answered, but left before the consent step
            context["consent_form"] = ExperienceConsentForm(offer=services.experience_offer())
        return _page(request, context)
    form = RatingForm(request.POST or None)
    context["form"] = form
    if request.method != "POST":
        return _page(request, context)
    if not form.is_valid():
        return _page(request, context, status=400)
    try:
        rating = services.submit_rating(rating, **form.cleaned_data)
    except services.RatingError as error:
        context.update(error=error.message, answered=error.code == "answered")
        return _page(request, context, status=error.status)
    context.update(rating=rating, done=True)
    offer = services.experience_offer()
    if may_offer_experience(rating):
        context["consent_form"] = ExperienceConsentForm(offer=offer)
    return _page(request, context)


@never_cache
def share(request, token):
    """The consent step: the sentence goes to moderation as an experience, with consent per
    channel, or the entrepreneur leaves it at the score."""
    try:
        rating = services.rating_from_token(token)
    except services.RatingError as error:
        return _page(request, {"error": error.message, "broken": True}, status=error.status)
    context = {"rating": rating, "answered": True}
    offer = services.experience_offer()
    if request.method != "POST" or not may_offer_experience(rating):
        status = 409 if request.method == "POST" else 200
        if rating.experience_offered_at:
            context["shared"] = True
        elif may_offer_experience(rating):
            context["consent_form"] = ExperienceConsentForm(offer=offer)
        return _page(request, context, status=status)
    form = ExperienceConsentForm(request.POST, offer=offer)
    context["consent_form"] = form
    if not form.is_valid():
        return _page(request, context, status=400)
    try:
        services.offer_experience(rating, **form.cleaned_data)
    except services.RatingError as error:
        context["error"] = error.message
        return _page(request, context, status=error.status)
    context.update(shared=True, consent_form=None)
    return _page(request, context)
