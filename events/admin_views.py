"""Admin views for organisers: attendees of one event (check-in at the door, add, remove,
answers) and the dashboard panel. Every change goes through ``events.services``."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.components import Component

from loket.accounts.services.roles import covers_page_path
from loket.core.search import clean_query

from . import services
from .models import EventPage, EventType, Registration
from .services import RegistrationError

Status = Registration.Status


def _require(request, action):
    if not request.user.has_perm(f"events.{action}_registration"):
        raise PermissionDenied


def _event(request, event_id):
    """The event, when it lies in a region the staff member works in (404 for another region's:
    its attendees are that region's members)."""
    event = get_object_or_404(EventPage, id=event_id)
    if not covers_page_path(request.user, event.path):
        raise Http404(_("Deze bijeenkomst hoort bij een andere regio."))
    return event


class AddAttendeeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres van het lid"),
        error_messages={"invalid": gettext_lazy("Vul een geldig e-mailadres in.")},
    )


def attendees(request, event_id):
    """One page for the door and the desk: search, tick present, add, remove, read answers."""
    _require(request, "view")
    event = _event(request, event_id)
    query = clean_query(request.GET.get("q", ""))[:100]
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status=Status.CANCELLED)
        .select_related("user")
        .order_by("created_at", "id")
    )
    if query:
        rows = rows.filter(
            Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(colleagues__icontains=query)
        )
    rows = list(rows)
    confirmed = [r for r in rows if r.status == Status.CONFIRMED]
    return TemplateResponse(
        request,
        "events/admin/attendees.html",
        {
            "event": event,
            "query": query,
            "confirmed": confirmed,
            "offered": [r for r in rows if r.status == Status.OFFERED],
            "waiting": [r for r in rows if r.status == Status.WAITING],
            "present": sum(1 for r in confirmed if r.checked_in_at),
            "seats_held": services.seats_held(event),
            "add_form": AddAttendeeForm(),
            "can_change": request.user.has_perm("events.change_registration"),
            "header_title": event.title,
        },
    )


def _back(event, request):
    url = reverse("events_admin:attendees", args=[event.pk])
    query = clean_query(request.POST.get("q", ""))[:100]
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


def check_in(request, event_id, registration_id):
    _require(request, "change")
    event = _event(request, event_id)
    if request.method != "POST":
        return _back(event, request)
    registration = Registration.objects.filter(pk=registration_id).first()
    undo = request.POST.get("ongedaan") == "1"
    try:
        registration = services.check_in(event, registration, undo=undo, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _back(event, request)
    name = registration.user.get_full_name() or registration.user.email
    if undo:
        messages.success(request, _("%(name)s staat weer op afwezig.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is er. Welkom!") % {"name": name})
    return _back(event, request)


def scan(request, event_id, token):
    """Where the QR code of a confirmation mail lands: who it is, and one tap to tick present."""
    _require(request, "view")
    event = _event(request, event_id)
    registration, error = None, None
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError as exc:
        error = exc.message
    if registration is not None and request.method == "POST":
        _require(request, "change")
        try:
            registration = services.check_in(event, registration, by=request.user)
        except RegistrationError as exc:
            error = exc.message
        else:
            name = registration.user.get_full_name() or registration.user.email
            messages.success(request, _("%(name)s is er. Welkom!") % {"name": name})
            return redirect("events_admin:attendees", event.pk)
    if registration is not None and registration.status != Status.CONFIRMED and not error:
        error = _("Deze persoon heeft geen bevestigde plek voor deze bijeenkomst.")
    return TemplateResponse(
        request,
        "events/admin/scan.html",
        {"event": event, "registration": registration, "error": error},
        status=400 if error else 200,
    )


def add_attendee(request, event_id):
    _require(request, "add")
    event = _event(request, event_id)
    if request.method != "POST":
        return _back(event, request)
    form = AddAttendeeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldig e-mailadres in."))
        return _back(event, request)
    user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if user is None:
        messages.error(
            request,
            _("Er is geen lid met dit e-mailadres. Laat de persoon zich via de site aanmelden."),
        )
        return _back(event, request)
    try:
        registration = services.add_by_staff(event, user, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _back(event, request)
    messages.success(
        request,
        _("%(name)s is toegevoegd (%(status)s).")
        % {"name": user.get_full_name() or user.email, "status": registration.get_status_display()},
    )
    return _back(event, request)


def message(request, event_id):
    """A message from the organiser to everyone with a confirmed seat."""
    _require(request, "change")
    event = _event(request, event_id)
    if request.method != "POST":
        return _back(event, request)
    try:
        sent = services.message_attendees(
            event,
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            user=request.user,
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        return _back(event, request)
    messages.success(
        request, _("Je bericht is verstuurd aan %(n)s deelnemers.") % {"n": sent.recipients}
    )
    return _back(event, request)


def remove_attendee(request, event_id, registration_id):
    _require(request, "delete")
    event = _event(request, event_id)
    if request.method != "POST":
        return _back(event, request)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    services.remove_by_staff(registration, by=request.user)
    messages.success(
        request,
        _("%(name)s is afgemeld; de plek gaat naar de wachtlijst.")
        % {"name": registration.user.get_full_name() or registration.user.email},
    )
    return _back(event, request)


class SeriesForm(forms.Form):
    rule = forms.ChoiceField(
        label=gettext_lazy("Hoe vaak"),
        choices=list(services.SERIES_RULES.items()),
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=gettext_lazy("Aantal bijeenkomsten in totaal, deze meegeteld"),
        min_value=2,
        max_value=services.MAX_OCCURRENCES,
        initial=6,
    )


def series(request, event_id):
    """Repeat an event as a series; each date becomes a page that can be edited on its own."""
    event = get_object_or_404(EventPage, id=event_id)
    permissions = event.get_parent().permissions_for_user(request.user)
    if not permissions.can_add_subpage():
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    dates = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_series(
                event,
                rule=form.cleaned_data["rule"],
                count=form.cleaned_data["count"],
                user=request.user,
                publish=permissions.can_publish_subpage(),
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(n)s nieuwe datums gemaakt; elke datum kun je los aanpassen.")
                % {"n": len(created)},
            )
            return redirect("wagtailadmin_explore", event.get_parent().pk)
    elif form.is_bound:
        messages.error(request, _("Kies hoe vaak en hoeveel keer."))
    if form.is_valid():
        dates = services.series_dates(
            timezone.localtime(event.start).date(),
            form.cleaned_data["rule"],
            form.cleaned_data["count"],
        )
    return TemplateResponse(
        request,
        "events/admin/series.html",
        {"event": event, "form": form, "dates": dates},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# Dashboard ------------------------------------------------------------------------------------


def fill_rates(now=None, upcoming_limit=8, past_limit=5):
    """Upcoming events with their fill rate, and recent ones with their no-show rate."""
    now = now or timezone.now()
    confirmed = Q(registrations__status=Status.CONFIRMED)
    events = EventPage.objects.live().defer_streamfields().filter(cancelled=False)
    upcoming = list(
        events.filter(end__gt=now)
        .annotate(
            waiting_count=Count("registrations", filter=Q(registrations__status=Status.WAITING))
        )
        .order_by("start")[:upcoming_limit]
    )
    # Seats, not rows: parties hold several seats each.
    seat_totals = dict(
        Registration.objects.filter(event__in=upcoming, status__in=Registration.HOLDING)
        .values_list("event")
        .annotate(total=Sum("seats"))
        .values_list("event", "total")
    )
    for event in upcoming:
        event.held_seats = seat_totals.get(event.pk, 0)
        event.fill_rate = round(100 * event.held_seats / event.capacity) if event.capacity else 0
    past = list(
        events.filter(end__lte=now, end__gte=now - timedelta(days=120))
        .annotate(
            confirmed_count=Count("registrations", filter=confirmed),
            present_count=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .order_by("-start")[:past_limit]
    )
    for event in past:
        event.no_show_rate = (
            round(100 * (event.confirmed_count - event.present_count) / event.confirmed_count)
            if event.confirmed_count
            else None
        )
    return upcoming, past


class EventsDashboardPanel(Component):
    name = "events_fill_rates"
    order = 90
    template_name = "events/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        upcoming, past = fill_rates()
        since = timezone.now() - timedelta(days=365)
        per_event = services.feedback_results(by="event", since=since)[:6]
        per_type = services.feedback_results(by="type", since=since)
        types = dict(EventType.choices)
        for row in per_type:
            row["label"] = types.get(row["registration__event__event_type"], "")
        for row in per_event + per_type:
            row["progressed_rate"] = round(100 * row["progressed"] / row["answers"])
        return {
            "upcoming": upcoming,
            "past": past,
            "feedback_per_event": per_event,
            "feedback_per_type": per_type,
            "request": self.request,
        }
