"""Shared notes and agreed actions in a group's space: adding and removing a note, adding an
action and marking it done.
"""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _

from community.services import CommunityError

from .. import services
from ..forms import ActionForm, NoteForm
from ..models.sessions import SessionAction, SessionNote
from .base import _back, _group_or_404, _session_or_404
from .space import group_space, refused


def add_note(request, page, group_id, session_id):
    group = _group_or_404(request, group_id)
    session = _session_or_404(group, session_id)
    if request.method != "POST":
        return _back(page, request, group)
    form = NoteForm(request.POST)
    if not form.is_valid():
        message = _("Schrijf een korte aantekening: van een paar woorden tot 1000 tekens.")
        return group_space(request, page, group.pk, status=400, error=message)
    try:
        services.add_note(request.user, session, body=form.cleaned_data["body"])
    except CommunityError as exc:
        return refused(page, request, group, exc)
    messages.success(request, _("Je aantekening staat bij de sessie."))
    return _back(page, request, group, f"#sessie-{session.pk}")


def delete_note(request, page, group_id, note_id):
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
        return refused(page, request, group, exc)
    messages.success(request, _("De aantekening is weggehaald."))
    return _back(page, request, group, f"#sessie-{note.session_id}")


def add_action(request, page, group_id, session_id):
    group = _group_or_404(request, group_id)
    session = _session_or_404(group, session_id)
    if request.method != "POST":
        return _back(page, request, group)
    form = ActionForm(request.POST, owners=services.action_owners(group))
    if not form.is_valid():
        message = _("Beschrijf de actie kort (hooguit 300 tekens) en kies iemand uit de groep.")
        return group_space(request, page, group.pk, status=400, error=message)
    try:
        services.add_action(
            request.user,
            session,
            description=form.cleaned_data["description"],
            owner_id=form.cleaned_data["owner"],
        )
    except CommunityError as exc:
        return refused(page, request, group, exc)
    messages.success(request, _("De actie is vastgelegd."))
    return _back(page, request, group, f"#sessie-{session.pk}")


def action_done(request, page, group_id, action_id):
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
            request,
            page,
            group.pk,
            status=400,
            error=_("Deze keuze klopt niet. Probeer het opnieuw."),
        )
    action.session.group = group
    try:
        services.set_action_done(request.user, action, done == "1")
    except CommunityError as exc:
        return refused(page, request, group, exc)
    return _back(page, request, group, f"#sessie-{action.session_id}")
