"""Receivers of the site package's own domain events: a held intake asks how it was."""

from django.dispatch import receiver

from loket.intake.signals import intake_held

from . import contacts


@receiver(intake_held, dispatch_uid="satisfaction-intake-held")
def _ask_after_intake(sender, intake, user=None, **kwargs):
    contacts.ask_after_intake(intake)
