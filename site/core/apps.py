"""Site-wide pages: home, standard pages, site settings, navigation, search and the hooks
later apps extend them through (loket.core.hooks)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from loket.core import signals  # noqa: F401
