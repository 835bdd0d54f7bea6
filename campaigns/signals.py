"""Receivers: attribution at sign-up and log-in, qualifying on first attendance and on a new
intervision participant (``participant_added``, sent after the commit of a matching round).

Importing this module (from ``CampaignsConfig.ready()``) also connects the receivers of a held
intake (``intake_receivers``). The tip code check of the sign-up form is a contribution to the
``SIGNUP_VALIDATORS`` hook, in ``wagtail_hooks.py``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from community.intervision.signals import participant_added
from events.dispatch import attendance_recorded
from loket.accounts.signals import member_signed_up
from loket.core import pagecache

from . import (
    intake_receivers,  # noqa: F401 - a held intake qualifies a referral
    landing,
    services,
)
from .dispatch import referral_qualified
from .models import ReferralProgramme
from .offers import LimitedOffer, OfferClaim
from .services.qualifying import notify_referral_qualified


def _remembered(request):
    """The referral code and tip token of the link this browser arrived by, if any."""
    if request is None:
        return "", ""
    code, tip = services.read_cookie(request.COOKIES.get(services.COOKIE_NAME, ""))
    session = getattr(request, "session", None) or {}
    return code or session.get("referral_code", ""), tip or session.get("referral_tip", "")


@receiver(post_save, sender=get_user_model())
def _attribute_tipped_signup(sender, instance, created, raw=False, **kwargs):
    """A tipped address signs up: attribute it even without the link (another device)."""
    if created and not raw:
        transaction.on_commit(lambda: services.attribute(instance, channel="mail"))


@receiver(member_signed_up)
def _attribute_at_sign_up(sender, user, request=None, data=None, **kwargs):
    """The tip code typed at sign-up (already checked by the form), else the link cookie."""
    code, tip = _remembered(request)
    services.attribute_at_sign_up(
        user,
        typed_code=(data or {}).get("tip_code", ""),
        cookie_code=code,
        cookie_tip=tip,
    )


@receiver(user_logged_in)
def _attribute_from_cookie(sender, request, user, **kwargs):
    """Arrived through a link on this device: attribute at the first log-in (verification)."""
    code, tip = _remembered(request)
    if code or tip:
        services.attribute(user, code=code, tip_token=tip)


@receiver(attendance_recorded)
def _qualify_on_attendance(sender, registration, event, **kwargs):
    if registration.user_id and services.event_qualifies(event):
        services.qualify(
            registration.user, source="attendance", reference=f"bijeenkomst:{registration.pk}"
        )


@receiver(participant_added)
def _qualify_on_intervision(sender, participant, **kwargs):
    """Joining an intervision group qualifies too, when staff switched that on (after commit)."""
    services.qualify(
        participant.member, source="intervision", reference=f"intervisie:{participant.pk}"
    )


# Campaign pages show what is left of a limited offer and the Tip een ander programme: a claim,
# an offer or the programme's settings changing purges the page cache.
@receiver(post_save, sender=OfferClaim)
@receiver(post_save, sender=LimitedOffer)
@receiver(post_save, sender=ReferralProgramme)
def _purge_pages_on_offer_change(sender, **kwargs):
    pagecache.purge()


@receiver(landing.offer_claimed)
def _mail_offer_claim(sender, claim, offer, campaign, user, **kwargs):
    """The member gets a confirmation of the claimed place, the desk a notice."""
    landing.mail_claim(claim, offer, campaign, user, request=kwargs.get("request"))


@receiver(referral_qualified)
def _notify_referrer(sender, referral, **kwargs):
    """The member who tipped hears that the person they tipped took part. Safe twice: one
    notification (and mail) per referral."""
    notify_referral_qualified(referral)
