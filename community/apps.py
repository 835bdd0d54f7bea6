"""Entrepreneur communities, discussions, topic proposals and moderation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Communities en intervisie")

    def ready(self):
        from loket.accounts import privacy
        from loket.core import registry
        from loket.core.models import HomePage

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            signals,  # noqa: F401 - connects the receivers
        )
        from . import privacy as community_privacy
        from .listings import communities_for_theme, latest_public_discussions

        if "community.CommunityIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types.append("community.CommunityIndexPage")
        registry.register(
            "by_theme",
            "communities",
            label=_("Communities"),
            provider=communities_for_theme,
            template="community/includes/community_listing.html",
            order=20,
        )
        registry.register(
            "latest",
            "discussions",
            label=_("Nieuw in de communities"),
            provider=latest_public_discussions,
            template="community/includes/thread_listing.html",
            order=20,
        )
        from .listings import organisers_of_event

        registry.register(
            "by_event",
            "organisers",
            label=_("Georganiseerd met"),
            provider=organisers_of_event,
            template="community/includes/organisers.html",
            order=10,
        )
        from .member_panels import suggested_communities

        registry.register(
            "for_member",
            "communities",
            label=_("Communities voor jou"),
            provider=suggested_communities,
            template="community/includes/member_panel.html",
            order=20,
        )
        privacy.register_exporter("communities", community_privacy.export_communities)
        privacy.register_eraser("communities", community_privacy.erase_communities)
