"""Intake requests: "Vraag een gratis intakegesprek aan", handled by the desk's staff."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "loket.intake"
    label = "intake"
    verbose_name = _("Intakegesprekken")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import receivers  # noqa: F401
