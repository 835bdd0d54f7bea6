"""The "Behandelen" page of an intake request: plan (or move) the conversation, record that it
was held, refer the entrepreneur on, and read the history. Every step goes through
``loket.intake.services``; a refused step answers 400 (bad input) or 409 (wrong status)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.hooks import intake_handle_panels
from loket.core.region_admin import may_see

from . import services
from .forms import NoteForm, PlanForm, ReferForm
from .models import IntakeRequest, Status
from .services import ALLOWED_STEPS, IntakeError


def _first_error(form):
    for errors in form.errors.values():
        return errors[0]
    return _("Er ging iets mis met wat je invulde.")


def _run(action, intake, request):
    user = request.user
    if action == "plan":
        form = PlanForm(request.POST)
        if not form.is_valid():
            raise IntakeError(_first_error(form), "planned_at")
        services.plan(
            intake,
            planned_at=form.cleaned_data["planned_at"],
            channel=form.cleaned_data["channel"],
            by=user,
        )
        return _("Ingepland. De ondernemer krijgt de afspraak per mail.")
    if action == "held":
        note = NoteForm(request.POST)
        services.mark_held(
            intake, by=user, note=note.cleaned_data["note"] if note.is_valid() else ""
        )
        return _("Vastgelegd: het gesprek is gehouden.")
    if action == "refer":
        form = ReferForm(request.POST)
        if not form.is_valid():
            raise IntakeError(_first_error(form), "referred_to")
        services.refer(intake, referred_to=form.cleaned_data["referred_to"], by=user)
        return _("Doorverwezen. De ondernemer krijgt een mail over wie verder helpt.")
    if action == "notes":
        services.save_notes(intake, request.POST.get("staff_notes", "")[:5000], by=user)
        return _("Je notities zijn bewaard.")
    raise IntakeError(_("Deze stap kennen we niet."))


def handle(request, pk):
    if not request.user.has_perm("intake.change_intakerequest"):
        raise PermissionDenied
    intake = get_object_or_404(
        IntakeRequest.objects.select_related("theme", "user", "handled_by"), pk=pk
    )
    if not in_staff_regions(request.user, intake):
        raise Http404(_("Deze aanvraag hoort bij een andere regio."))
    status = 200
    if request.method == "POST":
        try:
            message = _run(request.POST.get("action", ""), intake, request)
        except IntakeError as error:
            messages.error(request, error.message)
            status = 409 if error.code in ("state", "erased") else 400
        else:
            messages.success(request, message)
            return redirect(request.path)
        intake.refresh_from_db()
    return render_handle(request, intake, status=status)


def in_staff_regions(user, intake) -> bool:
    """A request of a region is for that region's staff (and national staff); one without a
    region (from before regions) counts as the default site's, as in the request list."""
    return may_see(user, intake, "site", no_region_is_default=True)


def render_handle(request, intake, *, status=200):
    """The "Behandelen" page of ``intake``; also where editing an erased request ends up."""
    planned = timezone.localtime(intake.planned_at) if intake.planned_at else None
    steps = ALLOWED_STEPS[Status(intake.status)] if intake.erased_at is None else set()
    panels = intake_handle_panels(request, intake)
    return TemplateResponse(
        request,
        "intake/admin/handle.html",
        {
            "intake": intake,
            "history": list(intake.history.select_related("actor")),
            "plan_form": PlanForm(
                initial={"planned_at": planned, "channel": intake.channel},
            ),
            "refer_form": ReferForm(initial={"referred_to": intake.referred_to}),
            "can_plan": Status.PLANNED in steps,
            "can_hold": Status.HELD in steps,
            "can_refer": Status.REFERRED in steps
            and not any(panel.replaces_refer for panel in panels),
            "panels": panels,
        },
        status=status,
    )
