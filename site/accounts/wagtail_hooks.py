"""Admin: member profiles as a snippet listing, so staff can look people up and fix a typo; and
Regiobeheer's page of the region's staff groups."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.core.region_admin import RegionViewSetMixin

from . import admin_views
from .models import Profile
from .permissions import ProfilePermissionPolicy
from .services.region_team import ACTION_MEMBER_ADDED, ACTION_MEMBER_REMOVED

register_permission_policy(Profile, ProfilePermissionPolicy(Profile))


class ProfileViewSet(RegionViewSetMixin, SnippetViewSet):
    """A staff member sees the profiles of the members of their regions (the member's home
    region; one without counts as the default site's), in the list, the chooser and each view."""

    model = Profile
    region_field = "home_site"
    no_region_is_default_site = True
    icon = "user"
    menu_label = _("Profielen")
    menu_name = "profiles"
    menu_order = 650
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["user", "company_name", "sector", "province", "updated_at"]
    list_filter = ["sector", "company_size", "province"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "company_name"]
    search_backend_name = None  # plain database lookups; profiles are not in the search index
    ordering = ["user__last_name", "user__first_name"]
    # The photo is the member's own: staff see that there is one, but do not replace it.
    inspect_view_fields = ["user", *Profile.EXPORTED_FIELDS]
    panels = [
        FieldPanel("user", read_only=True),
        MultiFieldPanel(
            [FieldPanel(name) for name in Profile.ABOUT_FIELDS if name != "photo"],
            heading=_("Bedrijf en profiel"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(name, read_only=True)
                for name in (*Profile.PREFERENCE_FIELDS, *Profile.CONSENT_FIELDS)
            ],
            heading=_("Keuzes van het lid (alleen het lid zelf past ze aan)"),
        ),
    ]

    def get_queryset(self, request):
        return Profile.objects.select_related("user")


register_snippet(ProfileViewSet)


@hooks.register("register_admin_urls")
def register_region_team_urls():
    return [
        path("regioteam/", admin_views.region_team, name="loket_region_team"),
        path(
            "regioteam/<int:group_id>/toevoegen/",
            admin_views.add_staff,
            name="loket_region_team_add",
        ),
        path(
            "regioteam/<int:group_id>/verwijderen/<int:user_id>/",
            admin_views.remove_staff,
            name="loket_region_team_remove",
        ),
    ]


class RegionTeamMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_manage_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_region_team_menu_item():
    return RegionTeamMenuItem(
        _("Medewerkers van de regio"), reverse("loket_region_team"), icon_name="group", order=9010
    )


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    """Regiobeheer's changes to the region's staff groups (``services.roles``)."""

    class StaffFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return self.template % {
                "member": data.get("member", "?"),
                "group": data.get("group", "?"),
            }

    for action, label, template in (
        (
            ACTION_MEMBER_ADDED,
            _("Medewerker toegevoegd"),
            _("Toegevoegd aan %(group)s: %(member)s"),
        ),
        (ACTION_MEMBER_REMOVED, _("Medewerker verwijderd"), _("Uit %(group)s gehaald: %(member)s")),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("StaffFormatter", (StaffFormatter,), attrs))
