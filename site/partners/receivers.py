"""Receivers of the partners app: a held intake or speedconsult (booked or planned by hand)
gets its follow-up call."""

from django.dispatch import receiver

from loket.intake.signals import intake_held

from . import services
from .models import FollowUpKind


@receiver(intake_held)
def _follow_up_after_intake(sender, intake, user=None, **kwargs):
    # One follow-up per request (source key): a handover later moves it instead of adding one.
    speedconsult = getattr(intake, "kind", "") == FollowUpKind.SPEEDCONSULT
    services.schedule_follow_up(
        kind=FollowUpKind.SPEEDCONSULT if speedconsult else FollowUpKind.INTAKE,
        source_key=f"intake:{intake.pk}",
        site=services.region_of(intake=intake, by=intake.handled_by),
        intake=intake,
        responsible=intake.handled_by,
        start=intake.held_at,
    )
