"""What every part of intervision's rules shares: the manage permission, the consent texts, the
size limits, who sees a group, and the next session of a group.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models.groups import GroupStatus
from ..models.members import IntervisionParticipant

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


def consent_text():
    return str(CONSENT_TEXT)


def experience_consent_text():
    return str(EXPERIENCE_CONSENT_TEXT)


def size_limits():
    """The default (minimum, maximum) of a group, from the settings (checked at start-up)."""
    return settings.INTERVISION_GROUP_MIN_SIZE, settings.INTERVISION_GROUP_MAX_SIZE


LEADING = [GroupStatus.FORMING, GroupStatus.ACTIVE]


def is_manager(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MANAGE_PERMISSION)


def active_participant(user, group):
    if not user or not user.is_authenticated:
        return None
    return IntervisionParticipant.objects.filter(
        group=group, member=user, left_at__isnull=True
    ).first()


def can_see_group(user, group):
    """Participants, the group's facilitator and intervision managers; nobody else."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_manager(user) or (group.facilitator_id and group.facilitator_id == user.pk):
        return True
    return active_participant(user, group) is not None


def next_session(group):
    return group.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
