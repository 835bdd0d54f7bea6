"""URLs of the member's credits, under /account/credits/ (namespace ``credits``)."""

from django.urls import path

from . import views

app_name = "credits"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("beloning/<int:pk>/", views.redeem, name="redeem"),
]
