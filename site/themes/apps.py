from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "loket.themes"
    label = "themes"
    verbose_name = _("Thema's")
