"""Intervision's own receivers: after a session a participant attended, the satisfaction
question (``loket.satisfaction``) goes to them, once per participant and session."""

from django.dispatch import receiver

from loket.satisfaction.contacts import default_site
from loket.satisfaction.models import ContactKind
from loket.satisfaction.services import request_rating

from .signals import session_attended


@receiver(session_attended, dispatch_uid="intervision-satisfaction")
def ask_after_session(sender, participant, session, **kwargs):
    site = default_site()  # a group has no region of its own yet
    group = session.group
    if site is None:
        return
    request_rating(
        ContactKind.INTERVISION,
        site=site,
        person=participant.member,
        contact_key=f"intervision:{session.pk}:{participant.pk}",
        theme=group.theme,
        adviser=group.facilitator_name,
        label=group.title,
        responsible=group.facilitator,
        contact_at=session.starts_at,
    )
