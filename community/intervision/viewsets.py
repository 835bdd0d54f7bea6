"""Snippet viewsets of intervision: groups, applications, participants, sessions and the pool of
facilitators, grouped under "Intervisie"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from loket.accounts.models import CompanySize, Province, Sector
from loket.core.region_admin import RegionViewSetMixin

from .models import (
    Facilitator,
    IntervisionApplication,
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
)


class GroupAdminForm(WagtailAdminModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectoren"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg: elke sector is welkom."),
    )
    size_bands = forms.MultipleChoiceField(
        label=_("Bedrijfsgroottes"),
        choices=CompanySize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg: elke bedrijfsgrootte is welkom."),
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_size"), cleaned.get("max_size")
        if low is not None and high is not None and high < low:
            self.add_error("max_size", _("Het maximum is minstens het minimum."))
        return cleaned


class FacilitatorAdminForm(WagtailAdminModelForm):
    provinces = forms.MultipleChoiceField(
        label=_("Regio's"),
        choices=Province.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg: begeleidt in het hele land (en online)."),
    )


class FacilitatorViewSet(RegionViewSetMixin, SnippetViewSet):
    model = Facilitator
    icon = "user"
    menu_label = _("Begeleiders")
    list_display = ["name", "site", "user", "max_groups", "active"]
    list_filter = ["active", "themes", "site"]
    search_fields = ["name", "profile"]
    copy_view_enabled = False
    edit_handler = ObjectList(Facilitator.panels, base_form_class=FacilitatorAdminForm)

    def get_queryset(self, request):
        return Facilitator.objects.select_related("user", "site")


class GroupViewSet(RegionViewSetMixin, SnippetViewSet):
    model = IntervisionGroup
    icon = "group"
    menu_label = _("Intervisiegroepen")
    list_display = ["title", "site", "theme", "status", "province", "format", "facilitator_name"]
    list_filter = ["status", "theme", "format", "site"]
    search_fields = ["title", "description"]
    copy_view_enabled = False
    edit_handler = ObjectList(IntervisionGroup.panels, base_form_class=GroupAdminForm)

    def get_queryset(self, request):
        return IntervisionGroup.objects.select_related("theme", "site")


class ApplicationViewSet(RegionViewSetMixin, SnippetViewSet):
    model = IntervisionApplication
    icon = "form"
    menu_label = _("Aanmeldingen intervisie")
    list_display = ["member", "theme", "group", "status", "province", "last_reason", "created_at"]
    list_filter = ["status", "theme"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["status", "group"]

    def get_queryset(self, request):
        return IntervisionApplication.objects.select_related("member", "theme", "group")


class ParticipantViewSet(RegionViewSetMixin, SnippetViewSet):
    region_field = "group__site"
    model = IntervisionParticipant
    icon = "user"
    menu_label = _("Deelnemers intervisie")
    list_display = ["member", "group", "joined_at", "left_at", "explanation"]
    list_filter = ["group"]
    copy_view_enabled = False
    form_fields = ["group", "member", "left_at"]

    def get_queryset(self, request):
        return IntervisionParticipant.objects.select_related("member", "group")


class SessionViewSet(RegionViewSetMixin, SnippetViewSet):
    region_field = "group__site"
    model = IntervisionSession
    icon = "date"
    menu_label = _("Intervisiesessies")
    list_display = ["group", "starts_at", "method", "location"]
    list_filter = ["group", "method"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return IntervisionSession.objects.select_related("group")


class IntervisionAdminGroup(SnippetViewSetGroup):
    menu_label = _("Intervisie")
    menu_icon = "group"
    menu_order = 230
    items = (
        GroupViewSet,
        ApplicationViewSet,
        ParticipantViewSet,
        SessionViewSet,
        FacilitatorViewSet,
    )
