"""URLs of intake requests at the site root (namespace ``intake``)."""

from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("gesprek-aanvragen/", views.request_page, name="request"),
    path("gesprek-aanvragen/bedankt/", views.thanks, name="thanks"),
]
