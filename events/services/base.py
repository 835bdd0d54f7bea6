"""What every service of the events app shares: the refusal error, the event row lock, the
seat count from the rows, signed registration links, and the refund of credits paid for a seat."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models.registration import Registration
from loket.credits import services as credits

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from events.models.pages import EventPage
    from events.models.state import EventPageManager
    from loket.credits.models import CreditTransaction

Status = Registration.Status


class RegistrationError(Exception):
    """A registration step that cannot happen; the message is Dutch and meant for the visitor."""

    def __init__(self, message: str | Promise, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code

    def __str__(self) -> str:
        return self.message


def event_pages() -> EventPageManager:
    """``EventPage.objects``, looked up in the app registry: the page module imports the views,
    which import these services, so importing the page class here would close a cycle."""
    return apps.get_model("events", "EventPage").objects


def lock_event(event: EventPage) -> EventPage:
    """Lock the event's own row until the transaction ends and return it fresh from the database.

    Only the ``events_eventpage`` row is locked (``of=("self",)``), so editors saving the page's
    tree row are not held up. SQLite ignores the lock; it serialises writers anyway.
    """
    return event_pages().select_for_update(of=("self",)).get(pk=event.pk)


def seats_held(event: EventPage) -> int:
    """Seats held right now, recounted from the rows: confirmed plus offered."""
    return Registration.objects.filter(event=event, status__in=Registration.HOLDING).aggregate(
        total=Coalesce(Sum("seats"), 0)
    )["total"]


def seat_counts(event: EventPage) -> tuple[int, int]:
    """``(seats held, registrations waiting)`` in one query, recounted from the rows."""
    counts = Registration.objects.filter(event=event, status__in=Registration.ACTIVE).aggregate(
        held=Coalesce(Sum("seats", filter=Q(status__in=Registration.HOLDING)), 0),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return counts["held"], counts["waiting"]


def _now() -> datetime:
    return timezone.now()


def seat_reason(event: EventPage) -> str:
    return _("Plek bij %(title)s") % {"title": event.title}


def refund_seat_credits(registration: Registration, why: str) -> CreditTransaction | None:
    """Give the credits paid for ``registration`` back, once (the ledger's unique refund
    reference refuses a second refund, so calling this again returns the first)."""
    if not registration.paid_credits:
        return None
    reason = _("Credits terug: %(seat)s (%(why)s)") % {
        "seat": seat_reason(registration.event),
        "why": why,
    }
    return credits.refund_by_reference(
        registration.user, registration.credits_reference, reason=reason[:255]
    )


def registration_from_token(token: str | None, event: EventPage | None = None) -> Registration:
    pk = Registration.pk_from_token(token or "")
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if registration is None or (event is not None and registration.event_id != event.pk):
        raise RegistrationError(
            _("Deze link klopt niet. Gebruik de link uit je laatste mail, of neem contact op."),
            "bad_token",
        )
    return registration


def _locked_registration(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)


def _cancel(registration: Registration, reason: str) -> None:
    registration.status = Status.CANCELLED
    registration.cancelled_at = _now()
    registration.cancel_reason = reason
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "cancel_reason", "offer_expires_at"])
