"""Receivers: attribution at sign-up and log-in, qualifying on first attendance."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from events.signals import attendance_recorded

from . import services


@receiver(post_save, sender=get_user_model())
def _attribute_tipped_signup(sender, instance, created, raw=False, **kwargs):
    """A tipped address signs up: attribute it even without the link (another device)."""
    if created and not raw:
        transaction.on_commit(lambda: services.attribute(instance, channel="mail"))


@receiver(user_logged_in)
def _attribute_from_cookie(sender, request, user, **kwargs):
    """Arrived through a link on this device: attribute at the first log-in (verification)."""
    if request is None:
        return
    code, tip = services.read_cookie(request.COOKIES.get(services.COOKIE_NAME, ""))
    code = code or request.session.get("referral_code", "")
    tip = tip or request.session.get("referral_tip", "")
    if code or tip:
        services.attribute(user, code=code, tip_token=tip)


@receiver(attendance_recorded)
def _qualify_on_attendance(sender, registration, event, **kwargs):
    if registration.user_id and services.event_qualifies(event):
        services.qualify(
            registration.user, source="attendance", reference=f"bijeenkomst:{registration.pk}"
        )


@receiver(post_save, sender="community.IntervisionParticipant")
def _qualify_on_intervision(sender, instance, created, raw=False, **kwargs):
    """Joining an intervision group qualifies too, when staff switched that on."""
    if created and not raw:
        transaction.on_commit(
            lambda: services.qualify(
                instance.member, source="intervision", reference=f"intervisie:{instance.pk}"
            )
        )
