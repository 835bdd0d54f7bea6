"""The fitheidscan app (label ``scan``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanConfig(AppConfig):
    name = "community.scan"
    label = "scan"
    verbose_name = _("Fitheidscan")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import signals  # noqa: F401
