"""A held intake conversation qualifies a referral, when staff switched that on.

``loket.intake`` sends ``intake_held`` after the commit; ``services.qualify`` checks the
programme's ``qualify_on_intake`` and awards at most once per referral, so the same signal twice
(or concurrently) still gives one award.
"""

from django.dispatch import receiver

from loket.intake.signals import intake_held

from . import services


@receiver(intake_held)
def _qualify_on_intake(sender, intake, user, **kwargs):
    if user is None or not services.programme().qualify_on_intake:
        return
    services.qualify(user, source="intake", reference=f"intake:{intake.pk}")
