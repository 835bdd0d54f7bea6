"""The partners app in the Wagtail admin: the directory (snippets, per region), the handovers,
the Nabellen list, the log's wording, and its panel on the intake "Behandelen" page."""

import django_filters

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.core.hooks import (
    INTAKE_HANDLE_PANELS,
    MEMBER_DATA,
    SEED_STEPS,
    IntakePanel,
    MemberData,
    SeedStep,
)

from . import admin_views, demo, privacy, services
from .models import Handover, Organisation, Outcome, Tier


class OrganisationForm(WagtailAdminModelForm):
    """Regional staff place partners in their own region(s) only; national staff anywhere."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        sites = services.staff_sites(for_user) if for_user is not None else None
        if sites is not None and "site" in self.fields:
            self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
            self.fields["site"].required = True
            self.fields["site"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tier") == Tier.SLA and not cleaned.get("reply_time"):
            self.add_error(
                "reply_time", _("Een SLA-partner heeft een reactietijd: vul het aantal in.")
            )
        return cleaned


class OrganisationFilterSet(WagtailFilterSet):
    tier = django_filters.ChoiceFilter(label=_("Samenwerking"), choices=Tier.choices)

    class Meta:
        model = Organisation
        fields = ["tier", "kind", "site"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Partners")
    menu_order = 216
    add_to_admin_menu = True
    copy_view_enabled = False
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "description"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "name",
        Column("get_tier_display", label=_("Samenwerking"), sort_key="tier"),
        Column("get_kind_display", label=_("Soort"), sort_key="kind"),
        Column("site", label=_("Regio")),
        "show_publicly",
    ]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("site")]),
        MultiFieldPanel(
            [
                FieldPanel("tier"),
                FieldRowPanel([FieldPanel("reply_time"), FieldPanel("reply_unit")]),
            ],
            heading=_("Samenwerking"),
        ),
        FieldPanel("themes"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("show_publicly"), FieldPanel("active")]),
        InlinePanel("contacts", heading=_("Contactpersonen"), label=_("Contactpersoon")),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=OrganisationForm).bind_to_model(self.model)

    def get_queryset(self, request):
        rows = Organisation.objects.select_related("site")
        sites = services.staff_sites(request.user)
        if sites is not None:
            rows = rows.for_site(None) | rows.filter(site__in=sites)
        return rows


class HandoverPermissionPolicy(ModelPermissionPolicy):
    """Handovers are made from an intake request (with consent) and never edited afterwards."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Handover, HandoverPermissionPolicy(Handover))


class HandoverFilterSet(WagtailFilterSet):
    confirmed_at__isnull = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", label=_("Wacht op de partner")
    )

    class Meta:
        model = Handover
        fields = ["tier"]


class HandoverViewSet(SnippetViewSet):
    model = Handover
    icon = "resubmit"
    menu_label = _("Overdrachten")
    menu_order = 217
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = HandoverFilterSet
    search_fields = ["contact_name", "organisation_name"]
    search_backend_name = None
    list_display = [
        "__str__",
        Column("intake", label=_("Aanvraag")),
        Column("get_tier_display", label=_("Samenwerking"), sort_key="tier"),
        "created_at",
        "reply_due_at",
        "confirmed_at",
    ]
    inspect_view_fields = [
        "intake",
        "contact_name",
        "organisation_name",
        "tier",
        "consent_text",
        "consent_method",
        "consented_at",
        "created_by",
        "created_at",
        "reply_due_at",
        "confirmed_at",
        "alerted_at",
    ]

    def get_queryset(self, request):
        rows = Handover.objects.select_related("intake")
        sites = services.staff_sites(request.user)
        if sites is not None:
            rows = rows.filter(site__in=sites)
        return rows


register_snippet(OrganisationViewSet)
register_snippet(HandoverViewSet)


@hooks.register("register_admin_urls")
def register_partner_admin_urls():
    return [
        path(
            "partners/overdragen/<int:intake_pk>/",
            admin_views.handover,
            name="partners_handover",
        ),
        path("partners/nabellen/", admin_views.follow_ups, name="partners_follow_ups"),
    ]


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("partners.change_followup")


@hooks.register("register_admin_menu_item")
def register_follow_up_menu_item():
    return FollowUpMenuItem(
        _("Nabellen"), reverse("partners_follow_ups"), icon_name="mail", order=214
    )


@hooks.register(INTAKE_HANDLE_PANELS)
def intake_handover_panel(request, intake):
    # For everyone who handles requests: referring is a warm handover now, made by those with
    # the permission (the Communitymanager role); the free-text name stays readable above.
    handover = intake.handovers.first()
    html = render_to_string(
        "partners/admin/intake_panel.html",
        {
            "intake": intake,
            "handover": handover,
            "can_hand_over": request.user.has_perm("partners.add_handover"),
        },
        request=request,
    )
    return IntakePanel("handover", html, replaces_refer=True)


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    class PartnerFormatter(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return self.template % {
                "outcome": dict(Outcome.choices).get(data.get("outcome"), "?"),
                "due_on": data.get("due_on", "?"),
                "tier": dict(Tier.choices).get(data.get("tier"), "?"),
            }

    for action, label, template in (
        ("loket.partners.handed_over", _("Warm overgedragen"), _("Overgedragen (%(tier)s)")),
        ("loket.partners.confirmed", _("Contact bevestigd"), _("De partner bevestigde")),
        (
            "loket.partners.unconfirmed_alert",
            _("Niet bevestigd"),
            _("Het loket is gewaarschuwd: geen bevestiging binnen de reactietijd"),
        ),
        (
            "loket.partners.follow_up_scheduled",
            _("Nabellen gepland"),
            _("Nabellen op %(due_on)s"),
        ),
        ("loket.partners.follow_up_moved", _("Nabellen verzet"), _("Nabellen op %(due_on)s")),
        ("loket.partners.follow_up_done", _("Nagebeld"), _("Uitkomst: %(outcome)s")),
    ):
        attrs = {"label": label, "template": template}
        actions.register_action(action)(type("PartnerFormatter", (PartnerFormatter,), attrs))


@hooks.register(MEMBER_DATA)
def partners_member_data():
    # Erasers run sorted by name: this one goes before "intakegesprekken", whose eraser
    # unlinks the member's requests from the account that this one looks them up by.
    return MemberData(
        "doorverwijzingen_en_nabellen",
        export=privacy.export_partner_data,
        erase=privacy.erase_partner_data,
    )


@hooks.register(SEED_STEPS)
def partners_seed_steps():
    return SeedStep("partners", demo.seed_partners, label="Partners en nabellen", order=950)
