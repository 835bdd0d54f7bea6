"""Public URLs of the partners app (namespace ``partners``): the directory and the partner's
confirmation link."""

from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partners/", views.directory, name="directory"),
    path("partners/bevestigen/<str:token>/", views.confirm, name="confirm"),
]
