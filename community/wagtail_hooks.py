"""Admin for community managers: memberships, the moderation queue, the moderation log, topic
proposals (with "maak er een bijeenkomst van") and the events of each community, grouped under
"Communities"."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER
from loket.core.admin_filters import RegionPageFilter
from loket.core.exports import SafeExportViewSetMixin
from loket.core.hooks import (
    FOLLOW_UP_CONTEXT,
    LISTINGS,
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    REGION_FIGURES,
    REGION_SECTIONS,
    SEARCH_SOURCES,
    SEED_STEPS,
    ListingProvider,
    MemberData,
    RegionFigure,
    RegionSection,
    SeedStep,
)
from loket.core.regions_overview import count_pages_by_region

from . import admin_views, demo, demo_radar, member_home, privacy, search_sources
from .admin_scope import CommunityRegionViewSetMixin
from .admin_views import radar as radar_views
from .listings import communities_for_theme, latest_public_discussions, organisers_of_event
from .models import (
    CommunityEvent,
    CommunityPage,
    Flag,
    Membership,
    ModerationAction,
    Thread,
    TopicProposal,
)
from .services.membership import announce_membership
from .services.radar import RADAR_PERMISSION


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows that only change through the services (and their log) are looked at here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for model in (Flag, ModerationAction, TopicProposal):
    register_permission_policy(model, ReadOnlyPolicy(model))


def community_filter(field_name: str = "community") -> RegionPageFilter:
    """The communities of the staff member's regions (``loket.core.admin_filters``)."""
    return RegionPageFilter(CommunityPage, field_name=field_name, label=_("Community"))


class MembershipFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = Membership
        fields = ["community", "status", "role"]


class FlagFilterSet(WagtailFilterSet):
    community = community_filter("thread__community")

    class Meta:
        model = Flag
        fields = ["reason", "community"]


class ModerationLogFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = ModerationAction
        fields = ["community", "action"]


class ProposalFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = TopicProposal
        fields = ["community", "status", "theme"]


class CommunityEventFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = CommunityEvent
        fields = ["community"]


class MembershipViewSet(CommunityRegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    """Memberships of the communities in the staff member's regions (``admin_scope``)."""

    model = Membership
    icon = "group"
    menu_label = _("Lidmaatschappen")
    list_display = ["member", "community", "status", "role", "joined_at"]
    filterset_class = MembershipFilterSet
    search_fields = ["motivation", "reason"]
    list_export = ["member", "community", "status", "role", "requested_at", "joined_at"]
    export_filename = "lidmaatschappen"
    copy_view_enabled = False
    inspect_view_enabled = True
    # Status changes go through the manager's dashboard (with a reason and a mail); here only
    # the role can be set, e.g. to make the first communitymanager of a new community.
    form_fields = ["member", "community", "status", "role", "reason", "joined_at"]

    def get_queryset(self, request):
        return Membership.objects.select_related("member", "community")


class FlagViewSet(CommunityRegionViewSetMixin, SnippetViewSet):
    """The moderation queue: open flags first, each with a link to review the post."""

    model = Flag
    region_page_field = "thread__community"
    icon = "warning"
    menu_label = _("Moderatie")
    list_display = [
        TitleColumn(
            "post",
            label=_("Bericht"),
            get_url=lambda flag: reverse(
                "community_admin:review",
                args=["reactie" if flag.reply_id else "vraag", flag.reply_id or flag.thread_id],
            ),
        ),
        Column("community", label=_("Community"), accessor="thread.community"),
        "reason",
        "explanation",
        "created_at",
        Column("resolved_at", label=_("Afgehandeld")),
    ]
    filterset_class = FlagFilterSet
    ordering = ["resolved_at", "-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Flag.objects.select_related("thread__community", "reply", "reporter")


class ModerationLogViewSet(CommunityRegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    model = ModerationAction
    icon = "history"
    menu_label = _("Moderatielogboek")
    list_display = ["created_at", "community", "action", "moderator", "member", "thread", "reason"]
    filterset_class = ModerationLogFilterSet
    search_fields = ["reason"]
    list_export = ["created_at", "community", "action", "moderator", "member", "thread", "reason"]
    export_filename = "moderatielogboek"
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ModerationAction.objects.select_related("community", "moderator", "member", "thread")


class ProposalViewSet(CommunityRegionViewSetMixin, SnippetViewSet):
    model = TopicProposal
    icon = "pick"
    menu_label = _("Onderwerpvoorstellen")
    list_display = [
        TitleColumn(
            "title",
            label=_("Onderwerp"),
            get_url=lambda p: reverse("community_admin:plan_proposal", args=[p.pk]),
        ),
        "community",
        "theme",
        "status",
        Column("vote_total", label=_("Stemmen")),
        "event",
        "created_at",
    ]
    filterset_class = ProposalFilterSet
    search_fields = ["title", "description"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        proposals = TopicProposal.objects.select_related("community", "theme", "event")
        return proposals.annotate(vote_total=Count("votes"))


class CommunityEventViewSet(CommunityRegionViewSetMixin, SnippetViewSet):
    model = CommunityEvent
    icon = "date"
    menu_label = _("Bijeenkomsten van communities")
    list_display = ["community", "event", "created_at"]
    filterset_class = CommunityEventFilterSet
    copy_view_enabled = False

    def get_queryset(self, request):
        return CommunityEvent.objects.select_related("community", "event")


class CommunityAdminGroup(SnippetViewSetGroup):
    menu_label = _("Communities")
    menu_icon = "group"
    menu_order = 220
    items = (
        FlagViewSet,
        MembershipViewSet,
        ProposalViewSet,
        CommunityEventViewSet,
        ModerationLogViewSet,
    )


register_snippet(CommunityAdminGroup)


@hooks.register("register_admin_urls")
def register_community_admin_urls():
    urls = [
        path("moderatie/<str:kind>/<int:post_id>/", admin_views.review_post, name="review"),
        path("voorstel/<int:proposal_id>/", admin_views.plan_proposal, name="plan_proposal"),
    ]
    radar_urls = [
        path("", radar_views.index, name="index"),
        path("vraag/<int:thread_id>/", radar_views.question, name="question"),
        path("kwartaalcijfers/", radar_views.export, name="export"),
    ]
    return [
        path("communitybeheer/", include((urls, "community_admin"), namespace="community_admin")),
        path("vragenradar/", include((radar_urls, "community_radar"), namespace="community_radar")),
    ]


class RadarMenuItem(MenuItem):
    def is_shown(self, request):
        # The permission only (cached per request): the region check waits for the view itself.
        return request.user.has_perm(RADAR_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_radar_menu_item():
    return RadarMenuItem(
        _("Vragen uit de communities"),
        reverse("community_radar:index"),
        icon_name="help",
        order=225,
    )


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register("register_log_actions")
def register_community_log_actions(actions):
    """A manager's decisions on a membership, written by ``community.services.membership``."""

    class MembershipFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            return self.template % {"community": log_entry.data.get("community", "?")}

    for action, label, template in (
        (
            "loket.community.request_approved",
            _("Aanvraag goedgekeurd"),
            _("Aanvraag voor %(community)s goedgekeurd"),
        ),
        (
            "loket.community.request_declined",
            _("Aanvraag afgewezen"),
            _("Aanvraag voor %(community)s afgewezen"),
        ),
        (
            "loket.community.member_removed",
            _("Lid verwijderd"),
            _("Uit %(community)s verwijderd"),
        ),
        (
            "loket.community.member_blocked",
            _("Lid geblokkeerd"),
            _("Geblokkeerd in %(community)s"),
        ),
        (
            "loket.community.manager_made",
            _("Communitymanager gemaakt"),
            _("Communitymanager gemaakt van %(community)s"),
        ),
        (
            "loket.community.manager_unmade",
            _("Communitymanager-rol ingetrokken"),
            _("Communitymanager-rol ingetrokken in %(community)s"),
        ),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("MembershipFormatter", (MembershipFormatter,), attrs))


hooks.register(SEARCH_SOURCES, search_sources.search_sources)


@hooks.register(LISTINGS)
def community_listings():
    return [
        ListingProvider(
            "by_theme",
            "communities",
            _("Communities"),
            communities_for_theme,
            "community/includes/community_listing.html",
            order=20,
        ),
        ListingProvider(
            "latest",
            "discussions",
            _("Nieuw in de communities"),
            latest_public_discussions,
            "community/includes/thread_listing.html",
            order=20,
        ),
        ListingProvider(
            "by_event",
            "organisers",
            _("Georganiseerd met"),
            organisers_of_event,
            "community/includes/organisers.html",
            order=10,
        ),
    ]


@hooks.register(MEMBER_DATA)
def community_member_data():
    return MemberData(
        "communities", export=privacy.export_communities, erase=privacy.erase_communities
    )


@hooks.register(MEMBER_HOME_PANELS)
def community_member_home(*, user, site):
    return [
        member_home.my_communities(user=user, site=site),
        member_home.after_meetup(user=user, site=site),
        member_home.suggestions(user=user, site=site),
    ]


@hooks.register(FOLLOW_UP_CONTEXT)
def add_theme_suggestions_to_follow_up(sender, registration, context, **kwargs):
    """After a meetup: the communities of its theme the member is not in yet."""
    context["community_suggestions"] = member_home.communities_of_event(registration)


@hooks.register(SEED_STEPS)
def community_seed_steps():
    return [
        SeedStep("communities", demo.seed_communities, label="Communities", order=300),
        SeedStep("radar", demo_radar.seed_radar, label="Vragenradar", order=310),
    ]


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def membership_made_by_hand(request, instance):
    # A membership a manager makes (or turns into "lid") in the admin is a membership started,
    # as when the member joins; attribution keys it per membership, so an edit counts once.
    if isinstance(instance, Membership) and instance.status == Membership.Status.MEMBER:
        announce_membership(instance)


@hooks.register(REGION_SECTIONS)
def region_sections():
    """The app's index page in every region, and who of the region's staff works beneath it."""
    return RegionSection(
        "communities",
        "community.CommunityIndexPage",
        demo.index_page,
        roles=(ROLE_COMMUNITYMANAGER,),
        order=20,
    )


ACTIVE_DAYS = 90


def _active_communities(roots):
    """Live communities with a visible discussion active in the last ``ACTIVE_DAYS`` days."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    active = Thread.objects.filter(
        community=OuterRef("pk"), is_hidden=False, last_activity_at__gte=since
    )
    return count_pages_by_region(CommunityPage.objects.live().filter(Exists(active)), roots)


@hooks.register(REGION_FIGURES)
def region_figures():
    return RegionFigure(
        "active_communities", _("Actieve communities (90 dagen)"), _active_communities, order=20
    )


@hooks.register(REGION_SECTIONS)
def faq_section():
    """Every region's "veelgestelde vragen" page, where its managers add questions from the
    radar; the region's communication staff publish every page of the region anyway."""
    return RegionSection(
        "faq", "community.FaqPage", demo_radar.faq_page, roles=(ROLE_COMMUNITYMANAGER,), order=70
    )
