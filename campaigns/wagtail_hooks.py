"""Admin: the tips, read-only (names and statuses; decisions on credits are in Credits)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.credits.admin_views import REVIEW_NOTES
from loket.credits.wagtail_hooks import ReadOnlyPolicy

from .models import Referral

register_permission_policy(Referral, ReadOnlyPolicy(Referral))


class ReferralViewSet(SnippetViewSet):
    model = Referral
    icon = "mail"
    menu_label = gettext_lazy("Tip een ander")
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


@hooks.register(REVIEW_NOTES)
def referral_risk_notes(awards):
    """Beside a Tip een ander award on the review list: the referral's risk score and signals."""
    referral_of = {}
    for award in awards:
        kind, _sep, rest = award.reference.partition(":")
        number = rest.partition(":")[0]
        if kind == "referral" and number.isascii() and number.isdigit():
            referral_of[award.pk] = int(number)
    if not referral_of:
        return {}
    referrals = Referral.objects.only("risk_score", "risk_reasons").in_bulk(
        set(referral_of.values())
    )
    notes = {}
    for award_pk, referral_pk in referral_of.items():
        referral = referrals.get(referral_pk)
        if referral is None or not (referral.risk_score or referral.risk_reasons):
            continue
        line = _("Risicoscore %(score)s") % {"score": referral.risk_score}
        if referral.risk_reasons:
            line = f"{line}: {', '.join(str(reason) for reason in referral.risk_reasons)}"
        notes[award_pk] = [line]
    return notes
