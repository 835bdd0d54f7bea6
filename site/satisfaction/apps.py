from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "loket.satisfaction"
    label = "satisfaction"
    verbose_name = _("Tevredenheid")

    def ready(self):
        from . import receivers  # noqa: F401
