"""The beacon's URL at the site root (namespace ``attribution``)."""

from django.urls import path

from . import views

app_name = "attribution"
urlpatterns = [path("attributie/bezoek/", views.beacon, name="beacon")]
