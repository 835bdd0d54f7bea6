"""Admin for the desk's staff: intake requests with filters and search, and a "Behandelen"
page per request for the status steps (plan, held, referred) and the history."""

import django_filters

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet

from loket.core.exports import SafeExportViewSetMixin
from loket.core.hooks import MEMBER_DATA, MEMBER_HOME_PANELS, SEED_STEPS, MemberData, SeedStep
from loket.core.region_admin import RegionViewSetMixin
from loket.themes.models import Theme

from . import admin_views, booking_admin, demo, member_home, privacy
from .models import Channel, IntakeRequest, Status, WeeklyAvailability
from .services import ERASED_MESSAGE
from .services import booking as booking_services


class IntakePermissionPolicy(ModelPermissionPolicy):
    """Requests come from entrepreneurs through the form (with consent and a confirmation mail):
    staff handle them, never add or copy one."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(IntakeRequest, IntakePermissionPolicy(IntakeRequest))


class IntakeFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    channel = django_filters.ChoiceFilter(label=_("Voorkeur"), choices=Channel.choices)
    theme = django_filters.ModelChoiceFilter(label=_("Thema"), queryset=Theme.objects.all())
    campaign = django_filters.CharFilter(label=_("Campagne"), lookup_expr="iexact")

    class Meta:
        model = IntakeRequest
        fields = ["status", "channel", "theme", "campaign"]


def handle_url_name(index_url_name):
    return index_url_name.rsplit(":", 1)[0] + ":handle"


class IntakeIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("intake.change_intakerequest"):
            buttons.insert(
                0,
                ListingButton(
                    _("Behandelen"),
                    url=reverse(handle_url_name(self.index_url_name), args=[instance.pk]),
                    icon_name="calendar-alt",
                    priority=1,
                ),
            )
        return buttons


class IntakeInspectView(InspectView):
    pass


class IntakeEditView(EditView):
    """Theme and notes of a request; an erased request stays erased (409, nothing stored)."""

    def run_before_hook(self):
        if self.object.erased_at is not None:
            messages.error(self.request, ERASED_MESSAGE)
            return admin_views.render_handle(self.request, self.object, status=409)
        return super().run_before_hook()


class IntakeRequestViewSet(RegionViewSetMixin, SafeExportViewSetMixin, SnippetViewSet):
    """A region's staff list, open and choose their region's requests (one sent before regions
    counts as the default site's); another region's is a 404 in every view."""

    model = IntakeRequest
    no_region_is_default_site = True
    index_view_class = IntakeIndexView
    edit_view_class = IntakeEditView
    inspect_view_class = IntakeInspectView
    icon = "calendar-alt"
    menu_label = _("Intakegesprekken")
    menu_order = 215
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = IntakeFilterSet
    search_fields = ["name", "email", "company", "question", "referred_to"]
    # Plain database lookups: requests are not in the site's search index.
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column("get_channel_display", label=_("Voorkeur"), sort_key="channel"),
        "theme",
        "planned_at",
        "campaign",
        "created_at",
    ]
    list_export = [
        "name",
        "email",
        "company",
        "company_size",
        "theme",
        "question",
        "channel",
        "phone",
        "campaign",
        "status",
        "planned_at",
        "held_at",
        "referred_to",
        "created_at",
    ]
    export_filename = "intakeaanvragen"
    inspect_view_fields = [
        "name",
        "email",
        "company",
        "company_size",
        "theme",
        "question",
        "channel",
        "phone",
        "user",
        "campaign",
        "status",
        "planned_at",
        "held_at",
        "referred_to",
        "staff_notes",
        "handled_by",
        "consent_text",
        "consented_at",
        "scan_shared_at",
        "created_at",
    ]
    # Staff keep the theme and their notes up to date; the status only moves through
    # "Behandelen", which checks the step, writes the history and mails the entrepreneur.
    panels = [FieldPanel("theme"), FieldPanel("staff_notes")]

    def get_queryset(self, request):
        return IntakeRequest.objects.select_related("theme")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("behandelen/<int:pk>/", admin_views.handle, name="handle"),
        ]


register_snippet(IntakeRequestViewSet)
register_snippet(booking_admin.BookingGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def make_slots_of_new_availability(request, instance):
    """A saved weekly spreekuur is bookable at once: its slots for the coming weeks are made."""
    if isinstance(instance, WeeklyAvailability):
        booking_services.materialise_slots([instance])


@hooks.register("register_log_actions")
def register_intake_log_actions(actions):
    """The desk's steps on a request, written by ``loket.intake.services.steps``."""

    class StepFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            data = log_entry.data
            labels = dict(Status.choices)
            return self.template % {
                "from": labels.get(data.get("from"), "?"),
                "to": labels.get(data.get("to"), "?"),
                "when": data.get("planned_at", "?"),
                "channel": dict(Channel.choices).get(data.get("channel"), "?"),
            }

    for action, label, template in (
        (
            "loket.intake.planned",
            _("Intake ingepland"),
            _("Ingepland op %(when)s (%(channel)s); was %(from)s"),
        ),
        ("loket.intake.held", _("Intake gehouden"), _("Gesprek gehouden; was %(from)s")),
        ("loket.intake.referred", _("Intake doorverwezen"), _("Doorverwezen; was %(from)s")),
        ("loket.intake.notes_saved", _("Notities bewaard"), _("Notities van de balie bewaard")),
        ("loket.intake.no_show", _("Niet verschenen"), _("Niet verschenen; was %(from)s")),
        ("loket.intake.cancelled", _("Afspraak geannuleerd"), _("Geannuleerd; was %(from)s")),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("StepFormatter", (StepFormatter,), attrs))


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register(MEMBER_DATA)
def intake_member_data():
    return MemberData(
        "intakegesprekken",
        export=privacy.export_intake_requests,
        erase=privacy.erase_intake_requests,
    )


@hooks.register(MEMBER_HOME_PANELS)
def intake_member_home(*, user, site):
    return member_home.open_conversations(user=user, site=site)


@hooks.register(SEED_STEPS)
def intake_seed_steps():
    return SeedStep("intake", demo.seed_intake_requests, label="Intakeaanvragen", order=450)


@hooks.register(SEED_STEPS)
def booking_seed_steps():
    # After "staff" (900): the second demo region exists by then.
    return SeedStep("booking", demo.seed_booking, label="Gesprekken boeken", order=910)
