"""Admin for communications staff: experiences to moderate (with filters and a "Beoordelen"
page per experience), ambassadors and the phases of the journey, grouped under "Ervaringen"."""

import django_filters

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from loket.accounts.services.roles import ROLE_COMMUNICATIE
from loket.core.exports import SafeExportViewSetMixin
from loket.core.hooks import (
    FOLLOW_UP_CONTEXT,
    LISTINGS,
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    RATING_EXPERIENCE,
    REGION_SECTIONS,
    SEARCH_SOURCES,
    SEED_STEPS,
    ListingProvider,
    MemberData,
    RatingExperience,
    RegionSection,
    SeedStep,
)
from loket.core.region_admin import RegionViewSetMixin
from loket.themes.models import Theme

from . import admin_views, demo, member_home, privacy, ratings, search_sources, services
from .models import Ambassador, CasePage, Experience, JourneyPhase, Status, SubjectKind


class ExperiencePermissionPolicy(ModelPermissionPolicy):
    """Experiences come from entrepreneurs: staff review and moderate them, never write one
    in someone's name (no add or copy)."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Experience, ExperiencePermissionPolicy(Experience))


class ExperienceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    theme = django_filters.ModelChoiceFilter(label=_("Thema"), queryset=Theme.objects.all())
    subject_kind = django_filters.ChoiceFilter(label=_("Waarover"), choices=SubjectKind.choices)
    score = django_filters.ChoiceFilter(
        label=_("Rapportcijfer"),
        choices=[("laag", _("5 of lager (privé-feedback)")), ("hoog", _("6 of hoger"))],
        method="filter_score",
    )
    open_quote = django_filters.BooleanFilter(
        label=_("Citaat wacht op akkoord"), method="filter_open_quote"
    )

    class Meta:
        model = Experience
        fields = ["status", "theme", "subject_kind"]

    def filter_score(self, queryset, name, value):
        if value == "laag":
            return queryset.filter(score__lte=5)
        if value == "hoog":
            return queryset.filter(score__gt=5)
        return queryset

    def filter_open_quote(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(proposed_quote="") if value else queryset.filter(proposed_quote="")


class ExperienceIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("testimonials.change_experience"):
            buttons.insert(
                0,
                ListingButton(
                    _("Beoordelen"),
                    url=reverse(moderate_url_name(self.index_url_name), args=[instance.pk]),
                    icon_name="check",
                    priority=1,
                ),
            )
        return buttons


def moderate_url_name(index_url_name):
    return index_url_name.rsplit(":", 1)[0] + ":moderate"


class ExperienceViewSet(RegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    model = Experience
    index_view_class = ExperienceIndexView
    icon = "openquote"
    menu_label = _("Ervaringen")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = ExperienceFilterSet
    search_fields = ["quote", "story", "contributor_name"]
    # Plain database lookups: staff search by name too, which the search index never holds.
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        "quote",
        "contributor_name",
        Column("score", label=_("Cijfer"), sort_key="score"),
        "theme",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        BooleanColumn("is_public", label=_("Op de website")),
        "created_at",
    ]
    list_export = [
        "quote",
        "story",
        "score",
        "theme",
        "subject_kind",
        "subject_title",
        "contributor_name",
        "contributor_email",
        "company_name",
        "status",
        "is_public",
        "created_at",
    ]
    export_filename = "ervaringen"
    inspect_view_fields = [
        "quote",
        "proposed_quote",
        "story",
        "score",
        "theme",
        "subject_kind",
        "event",
        "subject_label",
        "contributor_name",
        "contributor_email",
        "company_name",
        "sector",
        "display_mode",
        "video_url",
        "status",
        "is_public",
        "staff_note",
        "followed_up_at",
        "created_at",
        "approved_at",
    ]
    # Staff keep the theme, the subject's name and their own notes up to date; the quote goes
    # through "Beoordelen" (the contributor agrees first), consent only through the contributor.
    panels = [FieldPanel("theme"), FieldPanel("subject_label"), FieldPanel("staff_note")]

    def get_queryset(self, request):
        return Experience.objects.select_related("theme", "site")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("beoordelen/<int:pk>/", admin_views.moderate, name="moderate"),
        ]


class AmbassadorViewSet(SnippetViewSet):
    model = Ambassador
    icon = "user"
    menu_label = _("Ambassadeurs")
    menu_order = 110
    copy_view_enabled = False
    list_display = ["name", "company", "quote", BooleanColumn("active", label=_("Zichtbaar"))]
    search_fields = ["name", "company", "quote"]
    search_backend_name = None
    ordering = ["sort_order", "name"]
    sort_order_field = "sort_order"


class JourneyPhaseViewSet(SnippetViewSet):
    model = JourneyPhase
    icon = "list-ol"
    menu_label = _("Fases van de klantreis")
    menu_order = 120
    copy_view_enabled = False
    list_display = ["name", "description"]
    ordering = ["sort_order", "name"]
    sort_order_field = "sort_order"


class TestimonialsGroup(SnippetViewSetGroup):
    menu_label = _("Ervaringen")
    menu_icon = "openquote"
    menu_order = 220
    items = (ExperienceViewSet, AmbassadorViewSet, JourneyPhaseViewSet)


register_snippet(TestimonialsGroup)


@hooks.register("before_publish_page")
def refuse_case_without_consent(request, page):
    """A case may only go live while every linked experience may be on the website."""
    specific = page.specific
    if not isinstance(specific, CasePage):
        return None
    try:
        specific.check_consent()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if request.user.has_perm("testimonials.change_experience"):
        panels.append(admin_views.ModerationPanel(request))


@hooks.register("after_edit_snippet")
def purge_after_staff_edit(request, instance):
    """A changed theme moves an experience between theme pages and ratings: purge them."""
    if isinstance(instance, Experience) and instance.status == Status.APPROVED:
        services.purge_public_pages(instance)


@hooks.register("register_log_actions")
def register_testimonial_log_actions(actions):
    """Moderation of an experience, written by ``testimonials.services.moderation``."""
    actions.register_action(
        "loket.testimonials.approved", _("Ervaring goedgekeurd"), _("Ervaring goedgekeurd")
    )
    actions.register_action(
        "loket.testimonials.rejected", _("Ervaring afgewezen"), _("Ervaring afgewezen")
    )
    actions.register_action(
        "loket.testimonials.question_asked",
        _("Vraag aan inzender"),
        _("Vraag gesteld aan de inzender"),
    )


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


hooks.register(SEARCH_SOURCES, search_sources.search_sources)


@hooks.register(LISTINGS)
def testimonial_listings():
    return [
        ListingProvider(
            "by_theme",
            "testimonials",
            _("Ervaringen van ondernemers"),
            services.for_theme,
            "testimonials/includes/experience_listing_theme.html",
            order=30,
        ),
        ListingProvider(
            "by_theme",
            "cases",
            _("Cases"),
            services.cases_for_theme,
            "testimonials/includes/case_listing.html",
            order=31,
        ),
        ListingProvider(
            "latest",
            "testimonials",
            _("Wat ondernemers zeggen"),
            services.latest,
            "testimonials/includes/experience_listing.html",
            order=30,
        ),
        ListingProvider(
            "by_event",
            "testimonials",
            _("Wat deelnemers zeiden"),
            services.for_event,
            "testimonials/includes/experience_listing_event.html",
            order=30,
        ),
    ]


@hooks.register(MEMBER_DATA)
def testimonial_member_data():
    return MemberData(
        "ervaringen", export=privacy.export_experiences, erase=privacy.erase_experiences
    )


@hooks.register(MEMBER_HOME_PANELS)
def testimonials_member_home(*, user, site):
    return member_home.member_home_panels(user=user, site=site)


@hooks.register(SEED_STEPS)
def testimonial_seed_steps():
    return SeedStep("testimonials", demo.seed_testimonials, label="Ervaringen en cases", order=400)


@hooks.register(FOLLOW_UP_CONTEXT)
def add_share_link_to_follow_up(sender, registration, context, **kwargs):
    """Give the follow-up mail of ``registration`` its personal "Deel mijn ervaring" link."""
    url = services.share_experience_url(event=registration.event, email=registration.user.email)
    if url:
        context["share_experience_url"] = url


@hooks.register(REGION_SECTIONS)
def region_sections():
    """The app's index page in every region, and who of the region's staff works beneath it."""
    return RegionSection(
        "testimonials",
        "testimonials.TestimonialsIndexPage",
        demo.index_page,
        roles=(ROLE_COMMUNICATIE,),
        order=40,
    )


@hooks.register(RATING_EXPERIENCE)
def rating_experience():
    """A high rating with a sentence may become an experience, with consent per channel."""
    return RatingExperience(
        channels=ratings.rating_channels,
        display_modes=ratings.rating_display_modes,
        submit=ratings.submit_rating_experience,
    )
