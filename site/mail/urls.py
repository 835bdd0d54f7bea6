"""URLs of mail: the one-click unsubscribe link."""

from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
