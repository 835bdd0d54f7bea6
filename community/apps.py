"""Entrepreneur communities, discussions, topic proposals and moderation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Communities en intervisie")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import signals  # noqa: F401
