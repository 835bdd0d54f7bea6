"""Admin of intervision: its snippet viewsets under "Intervisie", the manager's matching round and
its menu item (shown to whoever may manage intervision groups); and what intervision contributes
to earlier apps through the hooks of ``loket.core.hooks`` (theme listing, member data, demo).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER
from loket.core.hooks import (
    FOLLOW_UP_CONTEXT,
    LISTINGS,
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    REGION_SECTIONS,
    SEED_STEPS,
    ListingProvider,
    MemberData,
    RegionSection,
    SeedStep,
)

from . import admin_views, demo, member_home, privacy
from .listings import forming_groups_for_theme
from .models import IntervisionParticipant
from .services import MANAGE_PERMISSION, announce_participant
from .viewsets import IntervisionAdminGroup

register_snippet(IntervisionAdminGroup)


@hooks.register("register_admin_urls")
def register_intervision_admin_urls():
    intervision_urls = [path("", admin_views.matching_round, name="matching")]
    return [
        path(
            "intervisie-matching/",
            include((intervision_urls, "intervision_admin"), namespace="intervision_admin"),
        ),
    ]


class MatchingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_intervision_matching_menu_item():
    return MatchingMenuItem(
        _("Matchingronde intervisie"),
        reverse("intervision_admin:matching"),
        icon_name="group",
        order=231,
    )


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register(LISTINGS)
def intervision_listings():
    return ListingProvider(
        "by_theme",
        "intervision",
        _("Intervisiegroepen in oprichting"),
        forming_groups_for_theme,
        "intervision/includes/group_listing.html",
        order=25,
    )


@hooks.register(MEMBER_DATA)
def intervision_member_data():
    return MemberData(
        "intervisie", export=privacy.export_intervision, erase=privacy.erase_intervision
    )


@hooks.register(MEMBER_HOME_PANELS)
def intervision_member_home(*, user, site):
    return member_home.member_home_panels(user=user, site=site)


@hooks.register(FOLLOW_UP_CONTEXT)
def add_intervision_to_follow_up(sender, registration, context, **kwargs):
    """After a meetup: the intervision round of its theme (the application form, theme chosen)."""
    url = member_home.apply_url_for_event(registration)
    if url:
        context["intervision_url"] = url


@hooks.register(SEED_STEPS)
def intervision_seed_steps():
    return SeedStep("intervision", demo.seed_intervision, label="Intervisie", order=310)


@hooks.register("after_create_snippet")
def participant_placed_by_hand(request, instance):
    # A manager placing a member in a group in the admin counts as a matching round does
    # (referral qualifying listens to participant_added).
    if isinstance(instance, IntervisionParticipant):
        announce_participant(instance)


@hooks.register(REGION_SECTIONS)
def region_sections():
    """The app's index page in every region, and who of the region's staff works beneath it."""
    return RegionSection(
        "intervision",
        "intervision.IntervisionIndexPage",
        demo.index_page,
        roles=(ROLE_COMMUNITYMANAGER,),
        order=30,
    )
