"""Partners and experts, the warm handover from an intake, and the follow-up call ("Nabellen")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "loket.partners"
    label = "partners"
    verbose_name = _("Partners en nabellen")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import receivers  # noqa: F401
