from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditsConfig(AppConfig):
    name = "loket.credits"
    label = "credits"
    verbose_name = _("Credits")

    def ready(self):
        from loket.accounts import privacy
        from loket.core import registry

        from . import privacy as credit_privacy
        from .listings import credits_panel

        registry.register(
            "for_member",
            "credits",
            label=_("Je credits"),
            provider=credits_panel,
            template="credits/includes/member_panel.html",
            order=40,
        )

        privacy.register_exporter("credits", credit_privacy.export_credits)
        privacy.register_eraser("credits", credit_privacy.erase_credits)
