"""URLs of Tip een ander at the site root (namespace ``campaigns``)."""

from django.urls import path

from . import page_views, views

app_name = "campaigns"
urlpatterns = [
    path("tip-een-ander/", views.tip_page, name="tip_page"),
    path("tip-een-ander/ranglijst/", views.leaderboard_choice, name="leaderboard_choice"),
    path("r/<str:code>/", views.referral_link, name="referral_link"),
    # Campaign landing pages: the per-visitor status and claiming a limited offer.
    path("campagne-status/<slug:code>/", page_views.landing_status, name="landing_status"),
    path("campagne-aanbod/<str:offer_id>/", page_views.claim_offer, name="claim_offer"),
]
