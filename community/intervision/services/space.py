"""The group space: cases for the next session, sessions and attendance, leaving a group and
rating it at the end of a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.services import CommunityError
from loket.sanitize import clean_text

from ..models.groups import GroupStatus
from ..models.members import ExperienceDisplay, IntervisionParticipant
from ..models.sessions import IntervisionCase, IntervisionSession, SessionAttendance
from ..signals import experience_shared, session_attended
from .base import active_participant, experience_consent_text, is_manager, next_session

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from loket.accounts.models import User

    from ..models.groups import IntervisionGroup
    from .base import Visitor


def submit_case(
    user: Visitor, group: IntervisionGroup, *, title: str, body: str
) -> IntervisionCase:
    if active_participant(user, group) is None:
        raise CommunityError(_("Alleen deelnemers brengen een casus in."), "not_found")
    session = next_session(group)
    if session is None:
        raise CommunityError(
            _("Er staat nog geen volgende sessie gepland. Breng je casus in zodra die er is."),
            "conflict",
        )
    title = clean_text(title).strip()[:120]
    body = clean_text(body).strip()[:3000]
    if len(title) < 3 or len(body) < 20:
        raise CommunityError(
            _("Geef je casus een titel en beschrijf in een paar zinnen wat er speelt.")
        )
    return IntervisionCase.objects.create(session=session, author=user, title=title, body=body)


def _mark_first_presence(attendance):
    """Send ``session_attended`` the first time this participant is recorded present. The
    conditional update makes it once, even when the list is saved twice at the same moment."""
    if not attendance.present or attendance.first_present_at is not None:
        return
    now = timezone.now()
    claimed = SessionAttendance.objects.filter(
        pk=attendance.pk, first_present_at__isnull=True
    ).update(first_present_at=now)
    if claimed != 1:
        return
    attendance.first_present_at = now
    participant, session = attendance.participant, attendance.session
    transaction.on_commit(
        lambda: session_attended.send(
            sender=SessionAttendance, participant=participant, session=session
        )
    )


def record_attendance(
    manager: User,
    session: IntervisionSession,
    participant: IntervisionParticipant,
    present: bool = True,
) -> SessionAttendance:
    if not (is_manager(manager) or session.group.facilitator_id == manager.pk):
        raise CommunityError(
            _("Alleen de begeleider of een communitymanager doet dit."), "forbidden"
        )
    if participant.group_id != session.group_id:
        raise CommunityError(_("Deze deelnemer zit niet in deze groep."), "not_found")
    with transaction.atomic():
        attendance, _created = SessionAttendance.objects.update_or_create(
            session=session, participant=participant, defaults={"present": present}
        )
        _mark_first_presence(attendance)
    return attendance


def leave(user: Visitor, group: IntervisionGroup) -> IntervisionParticipant:
    participant = active_participant(user, group)
    if participant is None:
        raise CommunityError(_("Je zit niet in deze groep."), "not_found")
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    return participant


def schedule_session(
    group: IntervisionGroup,
    *,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    method: str | None = None,
) -> IntervisionSession:
    if ends_at <= starts_at:
        raise CommunityError(_("Een sessie eindigt na het begin."))
    return IntervisionSession.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        method=method or group.method,
    )


def can_take_attendance(user: Visitor, group: IntervisionGroup) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (is_manager(user) or (group.facilitator_id and group.facilitator_id == user.pk))
    )


def record_session_attendance(
    user: Visitor, session: IntervisionSession, present_ids: Iterable[int | str]
) -> int:
    """Set who was there for every active participant of the session's group at once."""
    if not can_take_attendance(user, session.group):
        raise CommunityError(
            _("Alleen de begeleider of een communitymanager doet dit."), "forbidden"
        )
    present_ids = {int(i) for i in present_ids}
    seats = list(session.group.participants.filter(left_at__isnull=True))
    if present_ids - {s.pk for s in seats}:
        raise CommunityError(_("Deze deelnemer zit niet in deze groep."))
    with transaction.atomic():
        for seat in seats:
            attendance, _created = SessionAttendance.objects.update_or_create(
                session=session, participant=seat, defaults={"present": seat.pk in present_ids}
            )
            _mark_first_presence(attendance)
    return len(present_ids)


def rate_group(
    user: Visitor,
    group: IntervisionGroup,
    *,
    rating: int,
    experience: str = "",
    share_consent: bool = False,
    # ignore: without django-stubs mypy reads a TextChoices member as its (value, label) tuple
    display: str = ExperienceDisplay.ANONYMOUS,  # type: ignore[assignment]
) -> IntervisionParticipant:
    """At the end of a cycle a participant rates the group and may share an experience.

    ``share_consent`` records, with its text and time, that the experience may be used outside
    the group (after moderation, shown as ``display``); without it the experience stays with the
    desk. Rating again may give consent later, never takes a recorded one back silently.
    """
    participant = IntervisionParticipant.objects.filter(group=group, member=user).first()
    if participant is None:
        raise CommunityError(_("Je zit niet in deze groep."), "not_found")
    if group.status != GroupStatus.FINISHED:
        raise CommunityError(
            _("Je kunt de groep waarderen zodra de laatste sessie achter de rug is."), "conflict"
        )
    if rating not in range(1, 6):
        raise CommunityError(_("Geef een waardering van 1 tot 5."))
    if display not in ExperienceDisplay.values:
        raise CommunityError(_("Kies hoe we je mogen tonen."))
    experience = clean_text(experience).strip()[:2000]
    if share_consent and not experience:
        raise CommunityError(_("Schrijf eerst je ervaring op; dan kun je hem delen."))
    participant.rating = rating
    participant.experience = experience
    fields = ["rating", "experience"]
    if share_consent:
        participant.experience_consent_text = experience_consent_text()
        participant.experience_consent_at = timezone.now()
        participant.experience_display = display
        fields += ["experience_consent_text", "experience_consent_at", "experience_display"]
    participant.save(update_fields=fields)
    if participant.experience:
        transaction.on_commit(
            lambda: experience_shared.send(sender=IntervisionParticipant, participant=participant)
        )
    return participant
