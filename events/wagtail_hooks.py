"""Admin for organisers: registrations as a read-only snippet list with CSV export, the
attendee and check-in page per event, and a dashboard panel with fill and no-show rates."""

from datetime import timedelta

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import HistoryView, SnippetViewSet

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER
from loket.core.admin_filters import RegionPageFilter, event_label
from loket.core.exports import SafeExportViewSetMixin
from loket.core.hooks import (
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
from loket.core.region_admin import PageRegionViewSetMixin
from loket.core.regions_overview import count_pages_by_region

from . import admin_views, demo, member_home, privacy, search_sources
from .models import EventPage, Registration
from .views import latest_upcoming, upcoming_for_tag, upcoming_for_theme


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are looked at and exported here; changing them goes through the services
    (the attendee page), never through a generic edit form that could overbook a room."""

    READ_ONLY = ("add", "change", "delete", "copy")

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


class ReadOnlyHistoryView(HistoryView):
    """The history (staff acts from Wagtail's log) is for whoever may look at the rows."""

    any_permission_required = ["add", "change", "delete", "view"]


class RegistrationFilterSet(WagtailFilterSet):
    # The events of the staff member's regions from 90 days ago on, not all of every region.
    event = RegionPageFilter(
        EventPage,
        label=_("Bijeenkomst"),
        recent_field="start",
        order_by=("start", "title"),
        label_from=event_label,
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "source"]


class RegistrationViewSet(PageRegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    """Registrations of the events in the staff member's regions (404 for another region's)."""

    model = Registration
    region_page_field = "event"
    history_view_class = ReadOnlyHistoryView
    icon = "group"
    menu_label = _("Aanmeldingen")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["user", "event", "status", "seats", "answer", "created_at", "checked_in_at"]
    filterset_class = RegistrationFilterSet
    search_fields = ["answer"]
    list_export = [
        "event",
        "user",
        "user.email",
        "status",
        "seats",
        "colleagues_text",
        "answer",
        "source",
        "created_at",
        "checked_in_at",
    ]
    export_headings = {
        "event": _("Bijeenkomst"),
        "user": _("Naam"),
        "user.email": _("E-mailadres"),
        "colleagues_text": _("Collega's"),
    }
    export_filename = "aanmeldingen"
    ordering = ["event", "created_at", "id"]
    inspect_view_fields = [
        "event",
        "user",
        "status",
        "seats",
        "colleagues",
        "answer",
        "source",
        "created_at",
        "confirmed_at",
        "offer_expires_at",
        "cancelled_at",
        "cancel_reason",
        "checked_in_at",
    ]

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "user")


register_snippet(RegistrationViewSet)


@hooks.register("register_admin_urls")
def register_attendee_urls():
    urls = [
        path("<int:event_id>/", admin_views.attendees, name="attendees"),
        path("<int:event_id>/toevoegen/", admin_views.add_attendee, name="add"),
        path("<int:event_id>/reeks/", admin_views.series, name="series"),
        path("<int:event_id>/bericht/", admin_views.message, name="message"),
        path("<int:event_id>/scan/<str:token>/", admin_views.scan, name="scan"),
        path(
            "<int:event_id>/<int:registration_id>/aanwezig/",
            admin_views.check_in,
            name="check_in",
        ),
        path(
            "<int:event_id>/<int:registration_id>/afmelden/",
            admin_views.remove_attendee,
            name="remove",
        ),
    ]
    return [path("deelnemers/", include((urls, "events_admin"), namespace="events_admin"))]


def _attendees_button(page, user, priority):
    specific_class = page.specific_class
    if (
        specific_class
        and issubclass(specific_class, EventPage)
        and user.has_perm("events.view_registration")
    ):
        yield Button(
            _("Deelnemers en aanwezigheid"),
            reverse("events_admin:attendees", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def attendees_listing_button(page, user, next_url=None):
    yield from _attendees_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def attendees_header_button(page, user, view_name, next_url=None):
    yield from _attendees_button(page, user, priority=12)
    specific_class = page.specific_class
    if (
        specific_class
        and issubclass(specific_class, EventPage)
        and page.get_parent().permissions_for_user(user).can_add_subpage()
    ):
        yield Button(
            _("Herhaal als reeks"),
            reverse("events_admin:series", args=[page.pk]),
            icon_name="calendar-alt",
            priority=13,
        )


@hooks.register("construct_homepage_panels")
def add_fill_rate_panel(request, panels):
    if request.user.has_perm("events.view_registration"):
        panels.append(admin_views.EventsDashboardPanel(request))


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    """Staff acts on a registration, written by ``events.services`` (check-in and removal)."""

    class EventFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            return self.template % {"event": log_entry.data.get("event", "?")}

    for action, label, template in (
        ("loket.events.check_in", _("Aanwezig gemeld"), _("Aanwezig gemeld bij %(event)s")),
        (
            "loket.events.check_in_undone",
            _("Aanwezigheid ongedaan"),
            _("Weer op afwezig gezet bij %(event)s"),
        ),
        (
            "loket.events.added_by_staff",
            _("Toegevoegd door organisatie"),
            _("Toegevoegd door de organisatie aan %(event)s"),
        ),
        (
            "loket.events.removed_by_staff",
            _("Afgemeld door organisatie"),
            _("Afgemeld door de organisatie voor %(event)s"),
        ),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("RegistrationFormatter", (EventFormatter,), attrs))


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


hooks.register(SEARCH_SOURCES, search_sources.search_sources)


@hooks.register(LISTINGS)
def event_listings():
    label, template = _("Bijeenkomsten"), "events/includes/event_list.html"
    return [
        ListingProvider("by_tag", "events", label, upcoming_for_tag, template, order=10),
        ListingProvider("by_theme", "events", label, upcoming_for_theme, template, order=10),
        ListingProvider("latest", "events", _("Binnenkort"), latest_upcoming, template, order=10),
    ]


@hooks.register(MEMBER_DATA)
def event_member_data():
    return MemberData(
        "bijeenkomsten", export=privacy.export_registrations, erase=privacy.erase_registrations
    )


@hooks.register(MEMBER_HOME_PANELS)
def events_member_home(*, user, site):
    return [
        member_home.upcoming_registrations(user=user, site=site),
        member_home.waiting_list_offers(user=user, site=site),
    ]


@hooks.register(SEED_STEPS)
def event_seed_steps():
    return SeedStep("events", demo.seed_events, label="Bijeenkomsten", order=200)


@hooks.register(REGION_SECTIONS)
def region_sections():
    """The app's index page in every region, and who of the region's staff works beneath it."""
    return RegionSection(
        "events", "events.EventIndexPage", demo.index_page, roles=(ROLE_COMMUNITYMANAGER,), order=10
    )


def _events_this_quarter(roots):
    today = timezone.localdate()
    first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    following = (first + timedelta(days=95)).replace(day=1)
    events = EventPage.objects.live().filter(
        cancelled=False, start__date__gte=first, start__date__lt=following
    )
    return count_pages_by_region(events, roots)


@hooks.register(REGION_FIGURES)
def region_figures():
    return RegionFigure(
        "events_this_quarter", _("Bijeenkomsten dit kwartaal"), _events_this_quarter, order=10
    )
