"""A finished intervision group's shared experience becomes an experience for moderation.

Community sends ``experience_shared`` after a participant rates a finished group and writes an
experience. It is handed to this app's own ``submit_experience`` only when the participant gave
consent for it at rating time (the consent text and time are on the participant); it then waits
in moderation like every other experience and is never public before an editor approves it.
Nothing confidential is copied: not the group's name, its members, cases, notes or actions —
only the participant's own words, their rating and the group's theme.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from community.intervision_signals import experience_shared
from community.models import IntervisionParticipant

from .models import Channel, DisplayMode, Experience, SubjectKind
from .services import ExperienceError, submit_experience


def _score(rating):
    # A group rating of 1..5 on the experience's rapportcijfer of 1..10.
    return max(1, min(10, int(rating or 0) * 2))


def experience_from_intervision(sender, participant, **kwargs):
    """Create the experience once per participant and group; safe when sent twice."""
    if not participant.experience or participant.experience_consent_at is None:
        return None  # no consent: the experience stays with the desk
    member = participant.member
    if member.is_deleted or not member.is_active:
        return None
    group = participant.group
    group_type = ContentType.objects.get_for_model(group)
    with transaction.atomic():
        # The lock serialises two deliveries for the same participant; the check makes the
        # second one a no-op.
        IntervisionParticipant.objects.select_for_update().filter(pk=participant.pk).first()
        if Experience.objects.filter(
            contributor=member, subject_type=group_type, subject_id=group.pk
        ).exists():
            return None
        text = participant.experience.strip()
        quote = Truncator(text).chars(280)
        display = (
            participant.experience_display
            if participant.experience_display in DisplayMode.values
            else DisplayMode.ANONYMOUS
        )
        try:
            experience = submit_experience(
                user=member,
                quote=quote,
                story=text if quote != text else "",
                score=_score(participant.rating),
                display_mode=display,
                channels=[Channel.WEBSITE],
                theme=group.theme,
                subject_kind=SubjectKind.GROUP,
                subject_label=_("Intervisiegroep over %(theme)s") % {"theme": group.theme.name},
            )
        except ExperienceError:
            return None
        Experience.objects.filter(pk=experience.pk).update(
            subject_type=group_type, subject_id=group.pk
        )
    return experience


experience_shared.connect(
    experience_from_intervision,
    sender=IntervisionParticipant,
    dispatch_uid="testimonials_experience_from_intervision",
)
