"""At the door: ticking off who came. The first check-in of a registration sends
``attendance_recorded`` after commit, for the later layers that reward or follow up on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from events.dispatch import attendance_recorded
from events.models.registration import Registration

from .base import RegistrationError, Status, _now

if TYPE_CHECKING:
    from events.models.pages import EventPage


def check_in(
    event: EventPage, registration: Registration | None, *, undo: bool = False
) -> Registration:
    """Record that a confirmed registrant came (or undo that). Only registered attendees.

    Ticking twice keeps the first time.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(pk=getattr(registration, "pk", None))
        ).first()
        if registration is None or registration.event_id != event.pk:
            raise RegistrationError(
                _("Deze persoon is niet aangemeld voor deze bijeenkomst."), "not_registered"
            )
        if registration.status != Status.CONFIRMED:
            raise RegistrationError(
                _("Deze persoon heeft geen bevestigde plek voor deze bijeenkomst."),
                "not_registered",
            )
        first_time = not undo and registration.checked_in_at is None
        if undo:
            registration.checked_in_at = None
        elif first_time:
            registration.checked_in_at = _now()
        registration.save(update_fields=["checked_in_at"])
        if first_time:
            # Later layers (referral credits, intervision, testimonials) listen for this.
            transaction.on_commit(
                lambda: attendance_recorded.send(
                    sender=Registration, registration=registration, event=event
                )
            )
    return registration
