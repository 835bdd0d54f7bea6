"""A group's confidential space: the page itself, a case for the next session, attendance,
rating, leaving and a session's iCal; 404 to anyone outside the group, never cached or indexed.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.services import CommunityError
from events.scheduling import ics_response

from .. import services
from ..forms import ActionForm, CaseForm, NoteForm, RatingForm
from ..models.members import IntervisionParticipant
from ..models.sessions import IntervisionCase, IntervisionSession, SessionAction, SessionNote
from .base import _group_or_404, _private, _render

METHOD_STEPS = {
    "incident": [
        gettext_lazy("De inbrenger vertelt kort over een concreet incident en stelt een vraag."),
        gettext_lazy("De groep stelt informatieve vragen: alleen vragen, nog geen adviezen."),
        gettext_lazy("Iedereen zegt wat hij of zij zou doen als het de eigen situatie was."),
        gettext_lazy("De inbrenger kiest wat bruikbaar is en vertelt wat hij of zij gaat doen."),
        gettext_lazy("Evaluatie: wat nemen we allemaal mee?"),
    ],
    "balint": [
        gettext_lazy("De inbrenger vertelt de casus zonder onderbreking."),
        gettext_lazy("Korte verhelderende vragen."),
        gettext_lazy("De inbrenger luistert; de groep deelt gevoelens, beelden en gedachten."),
        gettext_lazy("De inbrenger reageert: wat raakte, wat is nieuw?"),
        gettext_lazy("Afronding: wat leert de groep hiervan?"),
    ],
    "vrij": [
        gettext_lazy("Rondje: hoe staat iedereen erin?"),
        gettext_lazy("De groep kiest samen welke casussen aan bod komen."),
        gettext_lazy("Bespreking in de vorm die past; de begeleider bewaakt tijd en toon."),
        gettext_lazy("Afspraken: wie doet wat voor de volgende keer?"),
    ],
}


def group_space(
    request, page, group_id, *, case_form=None, rating_form=None, status=200, error=None
):
    group = _group_or_404(request, group_id)
    participants = list(
        IntervisionParticipant.objects.filter(group=group, left_at__isnull=True).select_related(
            "member__profile"
        )
    )
    sessions = list(
        IntervisionSession.objects.filter(group=group).prefetch_related(
            Prefetch("cases", queryset=IntervisionCase.objects.select_related("author")),
            Prefetch("shared_notes", queryset=SessionNote.objects.select_related("author")),
            Prefetch("agreed_actions", queryset=SessionAction.objects.select_related("owner")),
            "attendance",
        )
    )
    takes_attendance = services.can_take_attendance(request.user, group)
    if takes_attendance:
        for session in sessions:
            session.present_ids = {a.participant_id for a in session.attendance.all() if a.present}
    next_session = next((s for s in sessions if s.starts_at >= timezone.now()), None)
    me = next((p for p in participants if p.member_id == request.user.pk), None)
    writes_notes = me is not None or (
        group.facilitator_id is not None and group.facilitator_id == request.user.pk
    )
    owners = [(p.member_id, p.member.display_name) for p in participants]
    if group.facilitator_id and group.facilitator_id not in {pk for pk, _name in owners}:
        owners.append((group.facilitator_id, group.facilitator_name or _("begeleider")))
    context = {
        "group": group,
        "participants": participants,
        "sessions": sessions,
        "next_session": next_session,
        "me": me,
        "method_steps": METHOD_STEPS.get(group.method, []),
        "case_form": case_form or (CaseForm() if me and next_session else None),
        "takes_attendance": takes_attendance,
        "writes_notes": writes_notes,
        "note_form": NoteForm(auto_id="id_note_%s") if writes_notes else None,
        "action_form": ActionForm(owners=owners, auto_id="id_action_%s") if writes_notes else None,
        "error": error,
        "rating_form": rating_form
        or (
            RatingForm(
                initial={
                    "rating": me.rating,
                    "experience": me.experience,
                    "display": me.experience_display,
                    "share_consent": me.experience_consent_at is not None,
                }
            )
            if me and group.status == "afgerond"
            else None
        ),
        "crumb": group.title,
    }
    response = _render(page, request, "intervision/group.html", context, status=status)
    return _private(response)


def refused(page, request, group, exc):
    """A refused step in the group space: 404 hides the group, anything else shows the space
    again with the Dutch message and the refusal's status (also used by ``notes``)."""
    if exc.status == 404:
        raise Http404(exc.message)
    return group_space(request, page, group.pk, status=exc.status, error=exc.message)


def submit_case(request, page, group_id):
    group = _group_or_404(request, group_id)
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    form = CaseForm(request.POST)
    if not form.is_valid():
        return group_space(request, page, group.pk, case_form=form, status=400)
    try:
        services.submit_case(request.user, group, **form.cleaned_data)
    except CommunityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
        return group_space(request, page, group.pk, case_form=form, status=exc.status)
    messages.success(request, _("Je casus staat klaar voor de volgende sessie."))
    return redirect(page.url_for("group", request, group_id=group.pk))


def attendance(request, page, group_id, session_id):
    group = _group_or_404(request, group_id)
    session = IntervisionSession.objects.filter(pk=session_id, group=group).first()
    if session is None:
        raise Http404(_("Deze pagina bestaat niet."))
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    present = request.POST.getlist("aanwezig")
    if not all(value.isascii() and value.isdigit() for value in present):
        messages.error(request, _("Deze keuze klopt niet. Probeer het opnieuw."))
        return _private(HttpResponse(status=400))
    try:
        services.record_session_attendance(request.user, session, present)
    except CommunityError as exc:
        if exc.status in (403, 404):
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return redirect(page.url_for("group", request, group_id=group.pk))
    messages.success(request, _("De aanwezigheid is opgeslagen."))
    return redirect(page.url_for("group", request, group_id=group.pk))


def rate(request, page, group_id):
    group = _group_or_404(request, group_id)
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    form = RatingForm(request.POST)
    if not form.is_valid():
        return group_space(request, page, group.pk, rating_form=form, status=400)
    try:
        services.rate_group(request.user, group, **form.cleaned_data)
    except CommunityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
        return group_space(request, page, group.pk, rating_form=form, status=exc.status)
    messages.success(request, _("Dank je wel voor je waardering!"))
    return redirect(page.url_for("group", request, group_id=group.pk))


def leave(request, page, group_id):
    group = _group_or_404(request, group_id)
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    try:
        services.leave(request.user, group)
    except CommunityError as exc:
        messages.error(request, exc.message)
        return redirect(page.url_for("group", request, group_id=group.pk))
    messages.success(
        request, _("Je hebt de groep verlaten. Jammer dat je gaat, en veel succes verder!")
    )
    return redirect(page.get_url(request))


def session_ics(request, page, session_id):
    session = IntervisionSession.objects.select_related("group").filter(pk=session_id).first()
    if session is None or not services.can_see_group(request.user, session.group):
        raise Http404(_("Deze pagina bestaat niet."))
    group_url = page.url_for("group", request, group_id=session.group_id)
    calendar = services.session_calendar(session, url=request.build_absolute_uri(group_url))
    return _private(ics_response(calendar, f"intervisie-{session.pk}.ics"))
