"""The waiting list: offering free seats in order of arrival, claiming an offered seat, and
withdrawing offers nobody claimed in time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from events import notifications
from events.models.registration import OFFER_HOLD, Registration

from .base import (
    RegistrationError,
    Status,
    _cancel,
    _locked_registration,
    _now,
    event_pages,
    lock_event,
    registration_from_token,
    seats_held,
)

if TYPE_CHECKING:
    from events.models.pages import EventPage


def promote_from_waiting_list(event: EventPage, *, locked: bool = False) -> list[Registration]:
    """Offer free seats to the waiting list, in order of arrival; returns the offers made.

    Each offer holds the seats for ``OFFER_HOLD`` (48 hours), or until registration closes when
    that is sooner. A party that does not fit the free seats keeps its place while a smaller party
    behind it may take them. Safe to run twice: it only fills seats that are free.
    """
    if not locked:
        with transaction.atomic():
            return promote_from_waiting_list(lock_event(event), locked=True)
    now = _now()
    if event.cancelled or event.closes_at <= now:
        return []
    free = event.capacity - seats_held(event)
    expires_at = min(now + OFFER_HOLD, event.closes_at)
    offers = []
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).select_related("user")
    for registration in waiting.order_by("created_at", "id"):
        if free <= 0:
            break
        if registration.seats > free:
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = expires_at
        registration.save(update_fields=["status", "offer_expires_at"])
        registration.event = event
        notifications.offer(registration)
        free -= registration.seats
        offers.append(registration)
    return offers


def claim_offer(token: str, *, event: EventPage | None = None) -> Registration:
    """Take the seat offered from the waiting list. Claiming twice returns the confirmed row."""
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status == Status.CANCELLED:
            raise RegistrationError(
                _("Deze plek is niet meer voor je gereserveerd; het aanbod is verlopen."),
                "expired",
            )
        if registration.status == Status.WAITING:
            raise RegistrationError(
                _("Je staat nog op de wachtlijst; we mailen je zodra er een plek vrijkomt."),
                "waiting",
            )
        if event.cancelled:
            raise RegistrationError(_("Deze bijeenkomst is geannuleerd."), "cancelled")
        if registration.offer_expires_at <= _now():
            raise RegistrationError(
                _("Deze plek is niet meer voor je gereserveerd; het aanbod is verlopen."),
                "expired",
            )
        registration.status = Status.CONFIRMED
        registration.confirmed_at = _now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
        registration.event = event
        notifications.confirmation(registration)
    return registration


def expire_offers() -> int:
    """Withdraw offers nobody claimed in time and pass the seats on. Returns how many expired.

    Safe to run twice (beat may overlap): each event is locked, and an offer that is already
    withdrawn is no longer ``aangeboden``.
    """
    now = _now()
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            event = event_pages().select_for_update(of=("self",)).get(pk=event_id)
            stale = Registration.objects.select_for_update().filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            )
            for registration in stale.select_related("user"):
                _cancel(registration, "aanbod verlopen")
                registration.event = event
                notifications.offer_expired(registration)
                expired += 1
            promote_from_waiting_list(event, locked=True)
    return expired
