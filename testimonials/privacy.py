"""The member's part of "download my data" and "delete my account" for experiences (AVG).

Experiences shared through a personal link before the account existed are found by e-mail
address as well, so nothing of the member stays behind.
"""

from django.db import transaction

from . import services
from .models import Consent, Experience, ModerationLog


def _rows(user):
    return (
        Experience.objects.of_contributor(user)
        .select_related("theme", "event")
        .prefetch_related("consents", "log")
        .order_by("created_at", "pk")
    )


def export_experiences(user):
    return [
        {
            "citaat": e.quote,
            "voorgesteld_citaat": e.proposed_quote,
            "verhaal": e.story,
            "rapportcijfer": e.score,
            "thema": e.theme.name if e.theme else None,
            "over": e.get_subject_kind_display(),
            "onderwerp": e.subject_title(),
            "naam": e.contributor_name,
            "e_mailadres": e.contributor_email,
            "bedrijf": e.company_name,
            "sector": e.get_sector_display() if e.sector else "",
            "tonen_als": e.get_display_mode_display(),
            "foto": e.photo.name if e.photo else None,
            "video": e.video_url,
            "status": e.get_status_display(),
            "gedeeld_op": e.created_at.isoformat(),
            "op_de_website": e.is_public,
            "toestemmingen": [
                {
                    "kanaal": c.get_channel_display(),
                    "besluit": c.get_action_display(),
                    "tekst": c.text,
                    "op": c.recorded_at.isoformat(),
                }
                for c in e.consents.all()
            ],
            "stappen": [
                {
                    "stap": step.get_action_display(),
                    "toelichting": step.reason,
                    "op": step.created_at.isoformat(),
                }
                for step in e.log.all()
            ],
        }
        for e in _rows(user)
    ]


def erase_experiences(user, keep_content):
    """Withdraw every consent first (so nothing stays public and cases go offline), then:
    with ``keep_content`` keep the text anonymously, detached from the member; without it
    delete the experiences. Consent rows of kept experiences stay as proof, without a name."""
    rows = list(Experience.objects.of_contributor(user))
    for experience in rows:
        services.withdraw_consent(experience, reason="Account verwijderd")
    with transaction.atomic():
        ids = [e.pk for e in rows]
        if not keep_content:
            for experience in rows:
                if experience.photo:
                    experience.photo.delete(save=False)
            Experience.objects.filter(pk__in=ids).delete()
            return
        for experience in rows:
            if experience.photo:
                experience.photo.delete(save=False)
        Experience.objects.filter(pk__in=ids).update(
            contributor=None,
            contributor_name="",
            contributor_email="",
            company_name="",
            display_mode="anoniem",
            photo="",
            video_url="",
        )
        Consent.objects.filter(experience_id__in=ids, recorded_by=user).update(recorded_by=None)
        ModerationLog.objects.filter(experience_id__in=ids, actor=user).update(actor=None)
        ModerationLog.objects.filter(experience_id__in=ids).exclude(actor__isnull=False).update(
            actor_label=""
        )
        for experience_id in ids:
            ModerationLog.objects.create(
                experience_id=experience_id, action=ModerationLog.Action.ANONYMISED
            )
