"""Admin of limited offers: staff make an offer for a campaign and see who claimed a place."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from loket.core.exports import SafeExportViewSetMixin
from loket.core.region_admin import RegionViewSetMixin
from loket.credits.wagtail_hooks import ReadOnlyPolicy

from .offers import LimitedOffer, OfferClaim

# Claims are made by members on the site, never typed in or edited by staff.
register_permission_policy(OfferClaim, ReadOnlyPolicy(OfferClaim))


class LimitedOfferViewSet(SnippetViewSet):
    model = LimitedOffer
    icon = "pick"
    menu_label = _("Beperkt aanbod")
    list_display = ["title", "campaign", "total", "claimed_count"]
    list_filter = ["campaign"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return LimitedOffer.objects.select_related("campaign").annotate(
            claimed_total=Count("claims")
        )


class OfferClaimViewSet(RegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    # A member's name (and an offer's title) is typed by people: the mixin keeps it from running
    # as a spreadsheet formula in the CSV and XLSX downloads. A region's staff see the claims of
    # their region's members (their home region).
    model = OfferClaim
    region_field = "user__profile__home_site"
    no_region_is_default_site = True
    icon = "tick"
    menu_label = _("Geclaimde plekken")
    list_display = ["user", "offer", "created_at"]
    list_filter = ["offer"]
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = ["-created_at"]
    list_export = ["user", "offer", "created_at"]

    def get_queryset(self, request):
        return OfferClaim.objects.select_related("user", "offer")


class OfferViewSetGroup(SnippetViewSetGroup):
    items = (LimitedOfferViewSet, OfferClaimViewSet)
    menu_label = _("Campagne-aanbod")
    menu_icon = "pick"
    menu_order = 263


register_snippet(OfferViewSetGroup)
