"""Receivers: touches onto the account at sign-up and log-in, and one conversion per action.

The services that do an action send its domain signal after the commit, with the ``actor`` and
the ``request`` (when the member acted themselves): no post_save, no request kept aside. Each
conversion is keyed by the action (``registration:12``), so a signal that arrives twice counts
once.
"""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from community.dispatch import membership_started
from community.scan.dispatch import scan_completed
from events.dispatch import registration_made
from events.models import Registration
from loket.accounts.signals import member_signed_up
from loket.intake.signals import intake_requested
from testimonials.dispatch import experience_submitted

from ..dispatch import referral_qualified, tip_sent
from ..landing import offer_claimed
from ..models import Referral
from . import services
from .models import ConversionKind as Kind


@receiver(member_signed_up)
def _signed_up(sender, user, request=None, **kwargs):
    if request is not None:
        services.carry_to_account(user, request)
    # Sign-up sends its signal at once, not after a commit: count it when (if) it commits.
    transaction.on_commit(
        lambda: services.convert(Kind.SIGNUP, f"user:{user.pk}", actor=user, request=request)
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.carry_to_account(user, request, only_if_none=True)


@receiver(intake_requested)
def _intake_requested(sender, intake, request=None, **kwargs):
    services.convert(Kind.INTAKE, f"intake:{intake.pk}", actor=intake.user, request=request)


@receiver(registration_made)
def _registered(sender, registration, actor=None, request=None, **kwargs):
    if registration.status != Registration.Status.CANCELLED:
        services.convert(
            Kind.EVENT,
            f"registration:{registration.pk}",
            actor=actor or registration.user,
            request=request,
        )


@receiver(membership_started)
def _joined(sender, membership, actor=None, request=None, **kwargs):
    # Sent for an open community joined at once and for a request a manager approved.
    services.convert(
        Kind.COMMUNITY,
        f"membership:{membership.pk}",
        actor=actor or membership.member,
        request=request,
    )


@receiver(experience_submitted)
def _shared(sender, experience, actor=None, request=None, **kwargs):
    # Private feedback (a low score meant for the desk only) is not an experience shared.
    if experience.status != "prive":
        services.convert(
            Kind.EXPERIENCE,
            f"experience:{experience.pk}",
            actor=actor or experience.contributor,
            request=request,
        )


@receiver(offer_claimed)
def _claimed(sender, claim, user=None, request=None, **kwargs):
    services.convert(Kind.OFFER, f"claim:{claim.pk}", actor=user or claim.user, request=request)


@receiver(scan_completed)
def _scanned(sender, result, actor=None, request=None, **kwargs):
    # A visitor's scan counts too: the credit comes from their session's touches.
    services.convert(Kind.SCAN, f"scan:{result.pk}", actor=actor, request=request)


@receiver(tip_sent)
def _tipped(sender, referral, actor=None, request=None, **kwargs):
    # A tip is a member mailing someone; a referral made when a link is used is a sign-up.
    if referral.channel == Referral.Channel.MAIL:
        services.convert(
            Kind.TIP, f"referral:{referral.pk}", actor=actor or referral.referrer, request=request
        )


@receiver(referral_qualified)
def _qualified(sender, referral, **kwargs):
    # Sent after the commit that qualified it; the daily task sweeps up anything missed.
    services.record_qualified_referrals(user=referral.referred)
