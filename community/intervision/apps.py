"""Intervision: small fixed peer groups with a facilitator, matching rounds and a confidential
group space; its own app inside ``community/`` with the label ``intervision``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisionConfig(AppConfig):
    name = "community.intervision"
    label = "intervision"
    verbose_name = _("Intervisie")

    def ready(self):
        # local import: the check reads the models' size limits, so the models load first.
        from . import checks, receivers  # noqa: F401
