"""What every part of intervision's rules shares: the manage permission, the consent texts, the
size limits, who sees a group, and the next session of a group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models.groups import GroupStatus, IntervisionGroup
from ..models.members import IntervisionParticipant
from ..models.sessions import IntervisionSession

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from loket.accounts.models import User

    # Whoever makes a request: a member, an anonymous visitor, or nobody (a task).
    Visitor: TypeAlias = "User | AnonymousUser | None"

MANAGE_PERMISSION = "intervision.change_intervisiongroup"


CONSENT_TEXT = gettext_lazy(
    "Ik geef toestemming dat de communitymanager en de begeleider van de intervisiegroep mijn "
    "antwoorden lezen om mij in een passende groep te plaatsen."
)


EXPERIENCE_CONSENT_TEXT = gettext_lazy(
    "Het Ondernemersloket mag mijn ervaring met intervisie, na controle door de redactie, op de "
    "eigen website laten zien zoals ik hierboven koos. Wat in de groep besproken is, blijft "
    "erbuiten."
)


def consent_text() -> str:
    return str(CONSENT_TEXT)


def experience_consent_text() -> str:
    return str(EXPERIENCE_CONSENT_TEXT)


def size_limits() -> tuple[int, int]:
    """The default (minimum, maximum) of a group, from the settings (checked at start-up)."""
    return settings.INTERVISION_GROUP_MIN_SIZE, settings.INTERVISION_GROUP_MAX_SIZE


LEADING = [GroupStatus.FORMING, GroupStatus.ACTIVE]


def is_manager(user: Visitor) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MANAGE_PERMISSION)


def active_participant(user: Visitor, group: IntervisionGroup) -> IntervisionParticipant | None:
    if not user or not user.is_authenticated:
        return None
    return IntervisionParticipant.objects.filter(
        group=group, member=user, left_at__isnull=True
    ).first()


def can_see_group(user: Visitor, group: IntervisionGroup) -> bool:
    """Participants, the group's facilitator and intervision managers; nobody else."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_manager(user) or (group.facilitator_id and group.facilitator_id == user.pk):
        return True
    return active_participant(user, group) is not None


def next_session(group: IntervisionGroup) -> IntervisionSession | None:
    return group.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
