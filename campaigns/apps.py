from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    label = "campaigns"
    verbose_name = _("Campagnes en Tip een ander")

    def ready(self):
        from loket.accounts import privacy
        from loket.core import registry
        from loket.core.models import HomePage

        if "campaigns.CampaignIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types.append("campaigns.CampaignIndexPage")

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            intake_receivers,  # noqa: F401 - a held intake qualifies a referral
            offer_admin,  # noqa: F401 - limited offers and their claims in the admin
            page_demo,  # noqa: F401 - registers the campaign pages' seed_demo step
            signals,  # noqa: F401 - connects the receivers
        )
        from . import privacy as referral_privacy
        from .listings import tips_panel

        registry.register(
            "for_member",
            "tip-een-ander",
            label=_("Tip een ander"),
            provider=tips_panel,
            template="campaigns/includes/member_panel.html",
            order=50,
        )
        privacy.register_exporter("tip-een-ander", referral_privacy.export_referrals)
        privacy.register_eraser("tip-een-ander", referral_privacy.erase_referrals)
