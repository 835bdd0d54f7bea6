"""The booking admin of a region's staff: advisers, weekly spreekuren, single slots and the
booked conversations (held or no-show). Everyone sees and changes only their own regions
(``loket.intake.regions``); national staff see all."""

from __future__ import annotations

from datetime import timedelta

import django_filters

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from loket.core.hooks import intake_handle_panels

from . import services
from .models import Adviser, Booking, Kind, Slot, Status, WeeklyAvailability
from .regions import staff_sites, works_for
from .services import booking as bookings


class RegionPolicy(ModelPermissionPolicy):
    """Model permissions as the groups give them, and only on rows of the user's regions."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and works_for(user, _site_id(instance))


def _site_id(instance):
    if isinstance(instance, WeeklyAvailability):
        return instance.adviser.site_id
    return instance.site_id


class BookingPolicy(RegionPolicy):
    """Bookings are made by entrepreneurs: staff record the outcome, never add or delete one."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Adviser, Slot, WeeklyAvailability):
    register_permission_policy(_model, RegionPolicy(_model))
register_permission_policy(Booking, BookingPolicy(Booking))


class RegionForm(WagtailAdminModelForm):
    """Choices limited to the user's regions: a region, or an adviser of one."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        sites = [site.pk for site in staff_sites(for_user)] if for_user else []
        if "site" in self.fields:
            self.fields["site"].queryset = self.fields["site"].queryset.filter(pk__in=sites)
        if "adviser" in self.fields:
            self.fields["adviser"].queryset = Adviser.objects.filter(site__in=sites, active=True)


class OwnRegionOnly:
    """An object view that refuses a row of another region (Wagtail answers with its
    permission-denied redirect), whatever the URL says."""

    def get_object(self, *args, **kwargs):
        found = super().get_object(*args, **kwargs)
        if not works_for(self.request.user, _site_id(found)):
            raise PermissionDenied
        return found


class RegionEditView(OwnRegionOnly, EditView):
    pass


class RegionDeleteView(OwnRegionOnly, DeleteView):
    """A slot or adviser with bookings is kept (the bookings are the desk's history): staff
    withdraw the slot or make the adviser inactive instead (409, nothing deleted)."""

    def post(self, request, *args, **kwargs):
        refused = self._refuse_booked(request, *args, **kwargs)
        return refused or super().post(request, *args, **kwargs)

    def delete(self, request, *args, **kwargs):
        refused = self._refuse_booked(request, *args, **kwargs)
        return refused or super().delete(request, *args, **kwargs)

    def _refuse_booked(self, request, *args, **kwargs):
        if _has_bookings(self.object):
            messages.error(
                request,
                _(
                    "Hier zijn gesprekken op geboekt, dus dit blijft bewaard. Trek het moment in "
                    "of zet de adviseur op niet actief."
                ),
            )
            response = self.get(request, *args, **kwargs)
            response.status_code = 409
            return response
        return None


def _has_bookings(instance):
    if isinstance(instance, Slot):
        return Booking.objects.filter(slot=instance).exists()
    if isinstance(instance, Adviser):
        return Booking.objects.filter(slot__adviser=instance).exists()
    return False


class RegionIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        sites = staff_sites(self.request.user)
        if self.model is WeeklyAvailability:
            return queryset.filter(adviser__site__in=sites)
        return queryset.filter(site__in=sites)


class AdviserViewSet(SnippetViewSet):
    model = Adviser
    index_view_class = RegionIndexView
    edit_view_class = RegionEditView
    delete_view_class = RegionDeleteView
    icon = "user"
    menu_label = gettext_lazy("Adviseurs")
    copy_view_enabled = False
    list_display = ["name", "role", "site", "active"]
    list_filter = ["site", "role", "active"]
    search_fields = ["name", "intro"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("site")]),
            FieldPanel("intro"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("active"),
        ],
        base_form_class=RegionForm,
    )

    def get_queryset(self, request):
        return Adviser.objects.select_related("site")


SHAPE_PANELS = [
    FieldPanel("adviser", widget=forms.Select),
    FieldRowPanel([FieldPanel("kind"), FieldPanel("duration_minutes")]),
    FieldRowPanel([FieldPanel("format"), FieldPanel("location")]),
]


class WeeklyAvailabilityViewSet(SnippetViewSet):
    model = WeeklyAvailability
    index_view_class = RegionIndexView
    edit_view_class = RegionEditView
    delete_view_class = RegionDeleteView
    icon = "date"
    menu_label = gettext_lazy("Vaste spreekuren")
    copy_view_enabled = False
    list_display = ["__str__", "kind", "format", "slot_count", "first_day", "last_day"]
    edit_handler = ObjectList(
        [
            *SHAPE_PANELS,
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time")]),
                    FieldPanel("slot_count"),
                    FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")]),
                ],
                heading=gettext_lazy("Wanneer"),
            ),
        ],
        base_form_class=RegionForm,
    )

    def get_queryset(self, request):
        return WeeklyAvailability.objects.select_related("adviser")


class SlotFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Soort"), choices=Kind.choices)

    class Meta:
        model = Slot
        fields = ["kind", "adviser", "withdrawn"]


class SlotViewSet(SnippetViewSet):
    model = Slot
    index_view_class = RegionIndexView
    edit_view_class = RegionEditView
    delete_view_class = RegionDeleteView
    icon = "time"
    menu_label = gettext_lazy("Momenten")
    copy_view_enabled = False
    filterset_class = SlotFilterSet
    ordering = ["starts_at"]
    list_display = [
        "__str__",
        Column("get_format_display", label=gettext_lazy("Vorm")),
        "site",
        "withdrawn",
    ]
    edit_handler = ObjectList(
        [*SHAPE_PANELS, FieldPanel("starts_at"), FieldPanel("withdrawn")],
        base_form_class=RegionForm,
    )

    def get_queryset(self, request):
        return Slot.objects.select_related("adviser", "site").filter(
            starts_at__gte=timezone.now() - timedelta(days=7)
        )


class BookingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), field_name="intake__status", choices=Status.choices
    )

    class Meta:
        model = Booking
        fields = ["status"]


def _outcome_url_name(index_url_name):
    return index_url_name.rsplit(":", 1)[0] + ":outcome"


class BookingIndexView(RegionIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Uitkomst vastleggen"),
                url=reverse(_outcome_url_name(self.index_url_name), args=[instance.pk]),
                icon_name="tick",
                priority=1,
            ),
        )
        return buttons


class BookingEditView(EditView):
    """A booking is not edited; its page is the outcome (held / no-show)."""

    def dispatch(self, request, *args, **kwargs):
        return redirect(reverse(_outcome_url_name(self.index_url_name), args=[kwargs["pk"]]))


def outcome(request, pk):
    """Staff record that a booked conversation was held or that nobody came."""
    if not request.user.has_perm("intake.change_booking"):
        raise PermissionDenied
    booking = get_object_or_404(
        Booking.objects.select_related("slot__adviser", "intake__theme", "site"), pk=pk
    )
    if not works_for(request.user, booking.site_id):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "held":
                bookings.hold_booking(booking, by=request.user)
                messages.success(request, _("Vastgelegd: het gesprek is gehouden."))
            elif action == "no_show":
                bookings.record_no_show(booking, by=request.user)
                messages.success(request, _("Vastgelegd: de ondernemer is niet verschenen."))
            else:
                raise services.IntakeError(_("Deze stap kennen we niet."))
        except services.IntakeError as error:
            messages.error(request, error.message)
            status = 409 if error.code in ("state", "erased") else 400
        else:
            return redirect(request.path)
        booking.intake.refresh_from_db()
    intake = booking.intake
    return TemplateResponse(
        request,
        "intake/admin/booking_outcome.html",
        {
            "booking": booking,
            "intake": intake,
            "slot": booking.slot,
            "can_record": intake.status == Status.PLANNED and booking.released_at is None,
            "started": booking.slot.starts_at <= timezone.now(),
            # What later apps show with the conversation (the shared fitheidscan, the handover).
            "panels": intake_handle_panels(request, intake),
        },
        status=status,
    )


class BookingViewSet(SnippetViewSet):
    model = Booking
    index_view_class = BookingIndexView
    edit_view_class = BookingEditView
    icon = "tick-inverse"
    menu_label = gettext_lazy("Geboekte gesprekken")
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = BookingFilterSet
    ordering = ["slot__starts_at"]
    list_display = [
        Column("slot", label=gettext_lazy("Moment")),
        Column("intake", label=gettext_lazy("Ondernemer")),
        Column("status_label", label=gettext_lazy("Status")),
        "site",
    ]

    def get_queryset(self, request):
        return Booking.objects.select_related("slot__adviser", "intake", "site")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("uitkomst/<int:pk>/", outcome, name="outcome")]


class BookingGroup(SnippetViewSetGroup):
    items = (BookingViewSet, SlotViewSet, WeeklyAvailabilityViewSet, AdviserViewSet)
    menu_icon = "date"
    menu_label = gettext_lazy("Gesprekken boeken")
    menu_order = 216
