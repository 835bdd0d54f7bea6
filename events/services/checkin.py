"""At the door: ticking off who came. The first check-in of a registration sends
``attendance_recorded`` after commit, for the later layers that reward or follow up on it.
Staff acts on a registration (check-in, undo, removal) go to Wagtail's log from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from events.dispatch import attendance_recorded
from events.models.registration import Registration

from .base import RegistrationError, Status, _now

if TYPE_CHECKING:
    from events.models.pages import EventPage
    from loket.accounts.models import User


def log_staff_act(
    registration: Registration, event: EventPage, action: str, by: User | None
) -> None:
    """Write a staff act on ``registration`` to Wagtail's log (the site history report).

    Without ``by`` nothing is written: the system (an erased account freeing its seats) is not
    staff. The title names the event, not the member: the log outlives an erased account.
    """
    if by is None:
        return
    title = _("Aanmelding %(pk)s voor %(event)s") % {"pk": registration.pk, "event": event.title}
    data = {"event_id": event.pk, "event": event.title}
    log(registration, action, user=by, title=title[:255], data=data)


def check_in(
    event: EventPage,
    registration: Registration | None,
    *,
    undo: bool = False,
    by: User | None = None,
) -> Registration:
    """Record that a confirmed registrant came (or undo that). Only registered attendees.

    Ticking twice keeps the first time. A change is logged for the admin's history as ``by``'s.
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
        undone = undo and registration.checked_in_at is not None
        if undo:
            registration.checked_in_at = None
        elif first_time:
            registration.checked_in_at = _now()
        registration.save(update_fields=["checked_in_at"])
        if first_time or undone:
            action = "loket.events.check_in_undone" if undo else "loket.events.check_in"
            log_staff_act(registration, event, action, by)
        if first_time:
            # Later layers (referral credits, intervision, testimonials) listen for this.
            transaction.on_commit(
                lambda: attendance_recorded.send(
                    sender=Registration, registration=registration, event=event
                )
            )
    return registration
