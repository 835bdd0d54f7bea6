"""URLs of intake requests at the site root (namespace ``intake``)."""

from django.urls import path

from . import booking_views, views

app_name = "intake"
urlpatterns = [
    path("gesprek-aanvragen/", views.request_page, name="request"),
    path("gesprek-aanvragen/bedankt/", views.thanks, name="thanks"),
    path("gesprek-aanvragen/moment/<int:slot_id>/", booking_views.book, name="book"),
    path("gesprek-aanvragen/afspraak/<str:token>/", booking_views.booking_detail, name="booking"),
    path(
        "gesprek-aanvragen/afspraak/<str:token>/verzetten/",
        booking_views.booking_move,
        name="booking_move",
    ),
]
