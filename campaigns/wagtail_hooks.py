"""Admin: the tips, read-only (names and statuses; decisions on credits are in Credits)."""

from django.utils.translation import gettext_lazy as _

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.credits.wagtail_hooks import ReadOnlyPolicy

from .models import Referral

register_permission_policy(Referral, ReadOnlyPolicy(Referral))


class ReferralViewSet(SnippetViewSet):
    model = Referral
    icon = "mail"
    menu_label = _("Tip een ander")
    menu_order = 262
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["referrer", "referred", "channel", "status", "risk_score", "created_at"]
    list_filter = ["status", "channel"]
    ordering = ["-risk_score", "-created_at"]

    def get_queryset(self, request):
        return Referral.objects.select_related("referrer", "referred")


register_snippet(ReferralViewSet)
