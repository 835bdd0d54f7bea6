"""Intervision for members: the explanation with open groups, applying, and the group space.

The group space and everything under it answers 404 to anyone outside the group (so its
existence is not revealed) and is never cached by a shared cache or indexed.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.scheduling import ics_response

from ..intervision_forms import ActionForm, ApplicationForm, CaseForm, NoteForm, RatingForm
from ..models.intervision import (
    ApplicationStatus,
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
    SessionAction,
    SessionNote,
)
from ..services import CommunityError
from ..services import intervision as services
from .common import login_url

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


def _private(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render(page, request, template, context, *, status=200):
    full = page.get_context(request)
    full.update({"page": page, "page_url": page.get_url(request), **context})
    return TemplateResponse(request, template, full, status=status)


def index(page, request):
    user = request.user
    context = {
        "groups": list(services.open_groups()),
        "apply_url": page.url_for("apply", request),
    }
    if user.is_authenticated:
        context["my_groups"] = list(services.groups_of(user))
        context["waiting"] = (
            IntervisionApplication.objects.filter(member=user, status=ApplicationStatus.WAITING)
            .select_related("theme", "group")
            .first()
        )
        response = _render(page, request, "community/intervision/index.html", context)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
    return _render(page, request, "community/intervision/index.html", context)


def apply(page, request):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _private(
                _render(
                    page,
                    request,
                    "community/intervision/apply.html",
                    {"form": None, "login_url": login_url(request)},
                    status=403,
                )
            )
        return redirect(login_url(request))
    profile = getattr(request.user, "profile", None)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.apply(
                    request.user,
                    group=data["group"],
                    theme=data["theme"],
                    sector=data["sector"],
                    size_band=data["size_band"],
                    province=data["province"],
                    municipality=data["municipality"],
                    company_name=data["company_name"],
                    question=data["question"],
                    availability=data["availability"],
                    avoid_companies=data["avoid_companies"],
                    consent=data["consent"],
                )
            except CommunityError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "Dank je! Je aanmelding is binnen. Bij de volgende matchingronde zoeken we "
                        "een groep die bij je past; je hoort het per mail."
                    ),
                )
                return redirect(page.get_url(request))
        else:
            status = 400
    else:
        form = ApplicationForm(profile=profile)
        group_id = request.GET.get("groep", "")
        if group_id.isascii() and group_id.isdigit():
            form.initial["group"] = int(group_id)
    response = _render(
        page, request, "community/intervision/apply.html", {"form": form}, status=status
    )
    return _private(response)


def withdraw(page, request):
    if request.method != "POST" or not request.user.is_authenticated:
        return redirect(page.get_url(request))
    application = IntervisionApplication.objects.filter(
        member=request.user, status=ApplicationStatus.WAITING
    ).first()
    if application is None:
        messages.info(request, _("Je hebt geen openstaande aanmelding."))
        return redirect(page.get_url(request))
    services.withdraw(request.user, application)
    messages.success(request, _("Je aanmelding is ingetrokken. Je bent altijd weer welkom."))
    return redirect(page.get_url(request))


def _group_or_404(request, group_id):
    group = IntervisionGroup.objects.select_related("theme").filter(pk=group_id).first()
    if group is None or not services.can_see_group(request.user, group):
        raise Http404(_("Deze pagina bestaat niet."))
    return group


def group_space(
    page, request, group_id, *, case_form=None, rating_form=None, status=200, error=None
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
    response = _render(page, request, "community/intervision/group.html", context, status=status)
    return _private(response)


def _session_or_404(group, session_id):
    session = IntervisionSession.objects.filter(pk=session_id, group=group).first()
    if session is None:
        raise Http404(_("Deze pagina bestaat niet."))
    session.group = group
    return session


def _refused(page, request, group, exc):
    if exc.status == 404:
        raise Http404(exc.message)
    return group_space(page, request, group.pk, status=exc.status, error=exc.message)


def _back(page, request, group, anchor=""):
    return redirect(page.url_for("group", request, group_id=group.pk) + anchor)


def add_note(page, request, group_id, session_id):
    group = _group_or_404(request, group_id)
    session = _session_or_404(group, session_id)
    if request.method != "POST":
        return _back(page, request, group)
    form = NoteForm(request.POST)
    if not form.is_valid():
        message = _("Schrijf een korte aantekening: van een paar woorden tot 1000 tekens.")
        return group_space(page, request, group.pk, status=400, error=message)
    try:
        services.add_note(request.user, session, body=form.cleaned_data["body"])
    except CommunityError as exc:
        return _refused(page, request, group, exc)
    messages.success(request, _("Je aantekening staat bij de sessie."))
    return _back(page, request, group, f"#sessie-{session.pk}")


def delete_note(page, request, group_id, note_id):
    group = _group_or_404(request, group_id)
    note = (
        SessionNote.objects.select_related("session")
        .filter(pk=note_id, session__group=group)
        .first()
    )
    if note is None:
        raise Http404(_("Deze pagina bestaat niet."))
    if request.method != "POST":
        return _back(page, request, group)
    note.session.group = group
    try:
        services.delete_note(request.user, note)
    except CommunityError as exc:
        return _refused(page, request, group, exc)
    messages.success(request, _("De aantekening is weggehaald."))
    return _back(page, request, group, f"#sessie-{note.session_id}")


def add_action(page, request, group_id, session_id):
    group = _group_or_404(request, group_id)
    session = _session_or_404(group, session_id)
    if request.method != "POST":
        return _back(page, request, group)
    form = ActionForm(request.POST, owners=services.action_owners(group))
    if not form.is_valid():
        message = _("Beschrijf de actie kort (hooguit 300 tekens) en kies iemand uit de groep.")
        return group_space(page, request, group.pk, status=400, error=message)
    try:
        services.add_action(
            request.user,
            session,
            description=form.cleaned_data["description"],
            owner_id=form.cleaned_data["owner"],
        )
    except CommunityError as exc:
        return _refused(page, request, group, exc)
    messages.success(request, _("De actie is vastgelegd."))
    return _back(page, request, group, f"#sessie-{session.pk}")


def action_done(page, request, group_id, action_id):
    group = _group_or_404(request, group_id)
    action = (
        SessionAction.objects.select_related("session")
        .filter(pk=action_id, session__group=group)
        .first()
    )
    if action is None:
        raise Http404(_("Deze pagina bestaat niet."))
    if request.method != "POST":
        return _back(page, request, group)
    done = request.POST.get("gedaan", "")
    if done not in ("0", "1"):
        return group_space(
            page,
            request,
            group.pk,
            status=400,
            error=_("Deze keuze klopt niet. Probeer het opnieuw."),
        )
    action.session.group = group
    try:
        services.set_action_done(request.user, action, done == "1")
    except CommunityError as exc:
        return _refused(page, request, group, exc)
    return _back(page, request, group, f"#sessie-{action.session_id}")


def submit_case(page, request, group_id):
    group = _group_or_404(request, group_id)
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    form = CaseForm(request.POST)
    if not form.is_valid():
        return group_space(page, request, group.pk, case_form=form, status=400)
    try:
        services.submit_case(request.user, group, **form.cleaned_data)
    except CommunityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
        return group_space(page, request, group.pk, case_form=form, status=exc.status)
    messages.success(request, _("Je casus staat klaar voor de volgende sessie."))
    return redirect(page.url_for("group", request, group_id=group.pk))


def attendance(page, request, group_id, session_id):
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


def rate(page, request, group_id):
    group = _group_or_404(request, group_id)
    if request.method != "POST":
        return redirect(page.url_for("group", request, group_id=group.pk))
    form = RatingForm(request.POST)
    if not form.is_valid():
        return group_space(page, request, group.pk, rating_form=form, status=400)
    try:
        services.rate_group(request.user, group, **form.cleaned_data)
    except CommunityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
        return group_space(page, request, group.pk, rating_form=form, status=exc.status)
    messages.success(request, _("Dank je wel voor je waardering!"))
    return redirect(page.url_for("group", request, group_id=group.pk))


def leave(page, request, group_id):
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


def session_ics(page, request, session_id):
    session = IntervisionSession.objects.select_related("group").filter(pk=session_id).first()
    if session is None or not services.can_see_group(request.user, session.group):
        raise Http404(_("Deze pagina bestaat niet."))
    group_url = page.url_for("group", request, group_id=session.group_id)
    calendar = services.session_calendar(session, url=request.build_absolute_uri(group_url))
    return _private(ics_response(calendar, f"intervisie-{session.pk}.ics"))
