"""URLs of Tip een ander at the site root (namespace ``campaigns``)."""

from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("tip-een-ander/", views.tip_page, name="tip_page"),
    path("tip-een-ander/ranglijst/", views.leaderboard_choice, name="leaderboard_choice"),
    path("r/<str:code>/", views.referral_link, name="referral_link"),
]
