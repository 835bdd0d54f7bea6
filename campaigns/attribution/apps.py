"""Attribution: which campaign and channel brought a visitor, and what they did next."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttributionConfig(AppConfig):
    name = "campaigns.attribution"
    label = "attribution"
    verbose_name = _("Campagneresultaten")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import receivers  # noqa: F401
