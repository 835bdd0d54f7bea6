"""Receivers: touches onto the account at sign-up and log-in, and one conversion per action.

Each conversion is keyed by the action (``registration:12``), so a signal that arrives twice,
or a save that runs twice, counts once. The credit is worked out at once, while the request is
at hand, and stored when the transaction commits.
"""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Registration
from events.signals import attendance_recorded
from loket.accounts.signals import member_signed_up
from loket.intake.signals import intake_held, intake_requested

from ..landing import offer_claimed
from ..models import Referral
from . import services
from .models import ConversionKind as Kind


@receiver(member_signed_up)
def _signed_up(sender, user, request=None, **kwargs):
    if request is not None:
        services.carry_to_account(user, request)
    services.convert(Kind.SIGNUP, f"user:{user.pk}", actor=user, request=request)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.carry_to_account(user, request, only_if_none=True)


@receiver(intake_requested)
def _intake_requested(sender, intake, request=None, **kwargs):
    services.convert(Kind.INTAKE, f"intake:{intake.pk}", actor=intake.user, request=request)


@receiver(post_save, sender=Registration)
def _registered(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.status != Registration.Status.CANCELLED:
        services.convert(Kind.EVENT, f"registration:{instance.pk}", actor=instance.user)


@receiver(post_save, sender="community.Membership")
def _joined(sender, instance, raw=False, **kwargs):
    # A request that a manager approves later counts when it becomes a membership.
    if not raw and instance.status == "lid":
        services.convert(Kind.COMMUNITY, f"membership:{instance.pk}", actor=instance.member)


@receiver(post_save, sender="testimonials.Experience")
def _shared(sender, instance, created, raw=False, **kwargs):
    # Private feedback (a low score meant for the desk only) is not an experience shared.
    if created and not raw and instance.status != "prive":
        services.convert(Kind.EXPERIENCE, f"experience:{instance.pk}", actor=instance.contributor)


@receiver(offer_claimed)
def _claimed(sender, claim, user=None, **kwargs):
    services.convert(Kind.OFFER, f"claim:{claim.pk}", actor=user or claim.user)


@receiver(post_save, sender=Referral)
def _tipped(sender, instance, created, raw=False, **kwargs):
    # A tip is a member mailing someone; a referral made when a link is used is a sign-up.
    if created and not raw and instance.channel == Referral.Channel.MAIL:
        services.convert(Kind.TIP, f"referral:{instance.pk}", actor=instance.referrer)


def _qualified_later(user):
    if user is not None:
        transaction.on_commit(lambda: services.record_qualified_referrals(user=user))


# Qualifying is a conditional update in campaigns.services (no post_save): after every signal
# that can qualify a referral, count it if it now is. These connect after the receivers of
# campaigns, so they run after them.
@receiver(attendance_recorded)
def _after_attendance(sender, registration, **kwargs):
    _qualified_later(registration.user)


@receiver(intake_held)
def _after_intake(sender, intake, user=None, **kwargs):
    _qualified_later(user)


@receiver(post_save, sender="intervision.IntervisionParticipant")
def _after_intervision(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _qualified_later(instance.member)
