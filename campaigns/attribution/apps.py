"""Attribution: which campaign and channel brought a visitor, and what they did next."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttributionConfig(AppConfig):
    name = "campaigns.attribution"
    label = "attribution"
    verbose_name = _("Campagneresultaten")

    def ready(self):
        from loket.accounts import privacy

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            receivers,  # noqa: F401 - connects the receivers
            services,
        )

        privacy.register_exporter("campagnes", services.export_touches)
        privacy.register_eraser("campagnes", services.erase_touches)
