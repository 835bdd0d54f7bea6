"""URLs of the member's notifications, under /account/meldingen/ (namespace ``notifications``)."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("mail/", views.preferences, name="preferences"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/gelezen/", views.mark_read, name="mark_read"),
]
