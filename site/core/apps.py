"""Site-wide pages: home, standard pages, site settings, navigation, search and the registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from loket.core import signals  # noqa: F401  (connects the menu cache invalidation)
        from loket.core.listings import register_listings

        register_listings()
