from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    label = "campaigns"
    verbose_name = _("Campagnes en Tip een ander")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import signals  # noqa: F401
