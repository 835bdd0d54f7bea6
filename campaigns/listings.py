from django.urls import NoReverseMatch, reverse

from . import services


def tips_panel(*, user=None, limit=3, **kwargs):
    if user is None or not user.is_authenticated:
        return []
    try:
        reverse("campaigns:tip_page")
    except NoReverseMatch:  # the site's URLconf does not include Tip een ander
        return []
    return [{"link": services.referral_url(user), "tips": list(services.tips_of(user)[:limit])}]
