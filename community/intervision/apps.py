"""Intervision: small fixed peer groups with a facilitator, matching rounds and a confidential
group space; its own app inside ``community/`` with the label ``intervision``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loket.accounts import privacy
from loket.core import registry


class IntervisionConfig(AppConfig):
    name = "community.intervision"
    label = "intervision"
    verbose_name = _("Intervisie")

    def ready(self):
        # local imports: each of these loads models, which needs the app registry ready
        from loket.core.models import HomePage

        # local import: checks and demo register on import; all three load models
        from . import checks, demo, listings  # noqa: F401
        from . import privacy as intervision_privacy  # local import: loads models

        if "intervision.IntervisionIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types.append("intervision.IntervisionIndexPage")
        registry.register(
            "by_theme",
            "intervision",
            label=_("Intervisiegroepen in oprichting"),
            provider=listings.forming_groups_for_theme,
            template="intervision/includes/group_listing.html",
            order=25,
        )
        privacy.register_exporter("intervisie", intervision_privacy.export_intervision)
        privacy.register_eraser("intervisie", intervision_privacy.erase_intervision)
