"""Shared notes and agreed actions of a session, written by the participants and the facilitator
and read by the group and community managers only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from community.services import CommunityError
from loket.sanitize import clean_text

from ..models.sessions import SessionAction, SessionNote
from .base import active_participant, can_see_group

if TYPE_CHECKING:
    from loket.accounts.models import User

    from ..models.groups import IntervisionGroup
    from ..models.sessions import IntervisionSession
    from .base import Visitor


def can_write_notes(user: Visitor, group: IntervisionGroup) -> bool:
    """Participants and the group's facilitator write notes and actions; managers read them."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if group.facilitator_id and group.facilitator_id == user.pk:
        return True
    return active_participant(user, group) is not None


def _writer_or_refuse(user, session):
    if not can_see_group(user, session.group):
        raise CommunityError(_("Deze pagina bestaat niet."), "not_found")
    if not can_write_notes(user, session.group):
        raise CommunityError(
            _("Alleen de deelnemers en de begeleider schrijven aantekeningen en acties."),
            "forbidden",
        )


def add_note(user: Visitor, session: IntervisionSession, *, body: str) -> SessionNote:
    _writer_or_refuse(user, session)
    body = clean_text(body).strip()
    if len(body) < 3:
        raise CommunityError(_("Schrijf een korte aantekening van minstens een paar woorden."))
    if len(body) > 1000:
        raise CommunityError(_("Houd de aantekening kort: hooguit 1000 tekens."))
    return SessionNote.objects.create(session=session, author=user, body=body)


def delete_note(user: User, note: SessionNote) -> None:
    """The author or the facilitator removes a note."""
    _writer_or_refuse(user, note.session)
    group = note.session.group
    if note.author_id != user.pk and group.facilitator_id != user.pk:
        raise CommunityError(
            _("Alleen wie de aantekening schreef of de begeleider haalt hem weg."), "forbidden"
        )
    note.delete()


def action_owners(group: IntervisionGroup) -> list[tuple[int, str]]:
    """Who can own an action: the active participants and the facilitator, as (id, name)."""
    seats = group.participants.filter(left_at__isnull=True).select_related("member")
    owners = [(seat.member_id, seat.member.display_name) for seat in seats]
    if group.facilitator_id and group.facilitator_id not in {pk for pk, _name in owners}:
        owners.append((group.facilitator_id, group.facilitator_name or _("begeleider")))
    return owners


def add_action(
    user: Visitor, session: IntervisionSession, *, description: str, owner_id: int | None = None
) -> SessionAction:
    _writer_or_refuse(user, session)
    description = clean_text(description).strip()
    if len(description) < 3:
        raise CommunityError(_("Beschrijf de actie in een paar woorden."))
    if len(description) > 300:
        raise CommunityError(_("Houd de actie kort: hooguit 300 tekens."))
    owner = None
    if owner_id:
        owners = dict(action_owners(session.group))
        if owner_id not in owners:
            raise CommunityError(_("Kies iemand uit de groep, of laat het open."))
        owner = get_user_model().objects.get(pk=owner_id)
    return SessionAction.objects.create(
        session=session, description=description, owner=owner, created_by=user
    )


def set_action_done(user: Visitor, action: SessionAction, done: bool = True) -> SessionAction:
    _writer_or_refuse(user, action.session)
    action.done = bool(done)
    action.done_at = timezone.now() if action.done else None
    action.save(update_fields=["done", "done_at"])
    return action
