"""Admin: member profiles as a snippet listing, so staff can look people up and fix a typo."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Profile
from .permissions import ProfilePermissionPolicy

register_permission_policy(Profile, ProfilePermissionPolicy(Profile))


class ProfileViewSet(SnippetViewSet):
    model = Profile
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
