"""Intake requests: "Vraag een gratis intakegesprek aan", handled by the desk's staff."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "loket.intake"
    label = "intake"
    verbose_name = _("Intakegesprekken")

    def ready(self):
        from loket.accounts import privacy

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            receivers,  # noqa: F401 - connects the receivers
        )
        from . import privacy as intake_privacy

        privacy.register_exporter("intakegesprekken", intake_privacy.export_intake_requests)
        privacy.register_eraser("intakegesprekken", intake_privacy.erase_intake_requests)
