"""Admin: the ledger read-only, the rewards catalogue, redemptions, and the review list."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import HistoryView, SnippetViewSet, SnippetViewSetGroup

from loket.core.exports import SafeExportViewSetMixin
from loket.core.hooks import (
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    MemberData,
)
from loket.core.region_admin import RegionViewSetMixin

from . import admin_views, member_home, privacy
from .models import CreditTransaction, Redemption, Reward


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Ledger rows and redemptions change only through the services, never a generic form."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(CreditTransaction, ReadOnlyPolicy(CreditTransaction))
register_permission_policy(Redemption, ReadOnlyPolicy(Redemption))


class ReadOnlyHistoryView(HistoryView):
    """The history (staff acts from Wagtail's log) is for whoever may look at the rows."""

    any_permission_required = ["add", "change", "delete", "view"]


class LedgerViewSet(RegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    """The ledger of the members of the staff member's regions (their home region)."""

    model = CreditTransaction
    region_field = "member__profile__home_site"
    no_region_is_default_site = True
    history_view_class = ReadOnlyHistoryView
    icon = "list-ul"
    menu_label = _("Grootboek")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["member", "kind", "amount", "status", "reason", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["reason", "reference"]
    list_export = [
        "member",
        "member.email",
        "kind",
        "amount",
        "status",
        "reason",
        "reference",
        "created_by",
        "created_at",
        "available_from",
        "expires_at",
    ]
    export_filename = "creditsgrootboek"

    def get_queryset(self, request):
        return CreditTransaction.objects.select_related("member", "created_by")


class RewardViewSet(RegionViewSetMixin, SnippetViewSet):
    model = Reward
    icon = "pick"
    menu_label = _("Beloningen")
    list_display = ["title", "site", "type", "price", "stock", "host", "active"]
    list_filter = ["type", "active", "site"]

    def get_queryset(self, request):
        return Reward.objects.select_related("host", "site")


class RedemptionViewSet(RegionViewSetMixin, SnippetViewSet):
    model = Redemption
    icon = "tick"
    menu_label = _("Ingewisseld")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["reward", "member", "site", "state", "scheduled_for", "created_at"]
    list_filter = ["state", "reward", "site"]

    def get_queryset(self, request):
        return Redemption.objects.select_related("reward", "member", "site")


class CreditsGroup(SnippetViewSetGroup):
    menu_label = _("Credits")
    menu_icon = "pick"
    menu_order = 260
    items = (LedgerViewSet, RewardViewSet, RedemptionViewSet)


register_snippet(CreditsGroup)


@hooks.register("register_admin_urls")
def register_credits_urls():
    urls = [
        path("", admin_views.review, name="review"),
        path("correctie/", admin_views.correct, name="correct"),
        path("beloningen/", admin_views.redemptions, name="redemptions"),
        path(
            "beloningen/<int:pk>/<str:step>/",
            admin_views.redemption_step,
            name="redemption_step",
        ),
        path("<int:pk>/<str:decision>/", admin_views.decide, name="decide"),
    ]
    return [path("credits/", include((urls, "credits_admin"), namespace="credits_admin"))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("credits.view_credittransaction")


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        _("Credits beoordelen"), reverse("credits_admin:review"), icon_name="pick", order=261
    )


class RedemptionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("credits.view_redemption")


@hooks.register("register_admin_menu_item")
def register_redemptions_menu_item():
    return RedemptionsMenuItem(
        _("Beloningen leveren"), reverse("credits_admin:redemptions"), icon_name="tick", order=262
    )


@hooks.register("register_log_actions")
def register_credit_log_actions(actions):
    """Staff acts on the ledger, written by ``loket.credits.services`` with the amount."""

    class CreditFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            return self.template % {"amount": log_entry.data.get("amount", "?")}

    for action, label, template in (
        (
            "loket.credits.award_approved",
            _("Toekenning goedgekeurd"),
            _("Toekenning van %(amount)s credits goedgekeurd"),
        ),
        (
            "loket.credits.award_rejected",
            _("Toekenning afgewezen"),
            _("Toekenning van %(amount)s credits afgewezen"),
        ),
        (
            "loket.credits.award_reversed",
            _("Toekenning teruggedraaid"),
            _("Toekenning van %(amount)s credits teruggedraaid"),
        ),
        ("loket.credits.corrected", _("Credits gecorrigeerd"), _("Correctie: %(amount)s credits")),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("CreditFormatter", (CreditFormatter,), attrs))

    class RewardFormatter(LogFormatter):
        """Staff steps on a redeemed reward (``services.rewards``), with the reward's name."""

        template = ""

        def format_message(self, log_entry):
            return self.template % {"reward": log_entry.data.get("reward", "?")}

    for action, label, template in (
        (
            "loket.credits.reward_scheduled",
            _("Beloning ingepland"),
            _("Beloning ‘%(reward)s’ ingepland"),
        ),
        (
            "loket.credits.reward_fulfilled",
            _("Beloning geleverd"),
            _("Beloning ‘%(reward)s’ geleverd"),
        ),
        (
            "loket.credits.reward_cancelled",
            _("Beloning geannuleerd"),
            _("Beloning ‘%(reward)s’ geannuleerd, credits teruggeboekt"),
        ),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("RewardFormatter", (RewardFormatter,), attrs))


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register(MEMBER_HOME_PANELS)
def credits_member_home(*, user, site):
    return member_home.credits_panel(user=user, site=site)


@hooks.register(MEMBER_DATA)
def credit_member_data():
    return MemberData("credits", export=privacy.export_credits, erase=privacy.erase_credits)


@hooks.register(MEMBER_DATA)
def reward_member_data():
    """Redemptions go with the account (cascade); the export shows them with staff's notes."""
    return MemberData("beloningen", export=privacy.export_rewards)
