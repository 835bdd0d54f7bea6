"""The rating links from the mails, at the site root (namespace ``satisfaction``)."""

from django.urls import path

from . import views

app_name = "satisfaction"
urlpatterns = [
    path("tevredenheid/<str:token>/", views.rate, name="rate"),
    path("tevredenheid/<str:token>/ervaring/", views.share, name="share"),
]
