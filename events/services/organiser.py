"""The organiser's side: cancelling an event, adding and removing registrants by hand, and
telling registrants about a cancellation, a changed schedule or a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from events import notifications
from events.models.registration import CANCELLED_BY_STAFF, AttendeeMessage, Registration
from loket.sanitize import clean_text

from .base import (
    RegistrationError,
    Status,
    _cancel,
    _locked_registration,
    _now,
    event_pages,
    lock_event,
    refund_seat_credits,
)
from .checkin import log_staff_act
from .registration import register_for_event
from .waiting_list import promote_from_waiting_list

if TYPE_CHECKING:
    from events.models.pages import EventPage
    from loket.accounts.models import User


def cancel_event(event: EventPage, reason: str, *, user: User | None = None) -> EventPage:
    """Cancel ``event``: publish it as cancelled with ``reason`` and mail every registrant."""
    reason = clean_text(str(reason or "")).strip()
    if not reason:
        raise RegistrationError(_("Vertel kort waarom de bijeenkomst niet doorgaat."))
    with transaction.atomic():
        lock_event(event)
        page = event_pages().get(pk=event.pk).get_latest_revision_as_object()
        page.cancelled = True
        page.cancellation_reason = reason
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        notify_event_cancelled(page)
    return page


def notify_event_cancelled(event: EventPage) -> int:
    """Mail everyone with a seat, an offer or a waiting-list place that the event is cancelled.

    Safe to run twice (the admin's publish signal and ``cancel_event`` may both call it): every
    mail has an idempotency key per registration.
    """
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.ACTIVE
    ).select_related("user")
    count = 0
    for registration in registrations:
        registration.event = event
        refund_seat_credits(registration, _("bijeenkomst geannuleerd"))
        notifications.event_cancelled(registration)
        count += 1
    # Who paid and cancelled late also gets the credits back: the event did not take place.
    late = Registration.objects.filter(
        event=event, status=Status.CANCELLED, paid_credits__gt=0
    ).select_related("user")
    for registration in late:
        registration.event = event
        refund_seat_credits(registration, _("bijeenkomst geannuleerd"))
    return count


def add_by_staff(
    event: EventPage, user: User, *, answer: str = "", by: User | None = None
) -> Registration:
    """The organiser adds someone by hand; same rules as registering, marked as added by staff.

    Logged as ``by``'s act (the site history report), in the same transaction.
    """
    # Without Django stubs mypy reads a TextChoices member as its (value, label) tuple.
    source = Registration.Source.STAFF
    with transaction.atomic():
        registration = register_for_event(
            event,
            user,
            answer=answer,
            source=source,  # type: ignore[arg-type]
        )
        log_staff_act(registration, event, "loket.events.added_by_staff", by)
    return registration


def remove_by_staff(registration: Registration, *, by: User | None = None) -> Registration:
    """The organiser removes a registration; its seats go to the waiting list.

    Logged as ``by``'s act; without ``by`` (an account being erased) nothing is logged.
    """
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        held = registration.status in Registration.HOLDING
        _cancel(registration, CANCELLED_BY_STAFF)
        registration.event = event
        refund_seat_credits(registration, _("afgemeld door de organisatie"))
        if held and event.start > _now():
            promote_from_waiting_list(event, locked=True)
        log_staff_act(registration, event, "loket.events.removed_by_staff", by)
    return registration


# Telling registrants ---------------------------------------------------------------------------


def notify_schedule_change(event: EventPage) -> int:
    """Mail everyone with a seat, offer or waiting-list place when time or place changed.

    Called when the event is published. The first publish only records the schedule. Safe to
    run twice: a schedule already told about is not told again (the mail key holds the schedule).
    """
    fingerprint = event.schedule_fingerprint()
    stored = event_pages().filter(pk=event.pk).values_list("notified_schedule", flat=True)
    previous = stored.first() or event.notified_schedule
    if fingerprint == previous:
        return 0
    event_pages().filter(pk=event.pk).update(notified_schedule=fingerprint)
    if not previous or event.cancelled or event.end <= _now():
        return 0
    count = 0
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.ACTIVE
    ).select_related("user")
    for registration in registrations:
        registration.event = event
        notifications.schedule_changed(registration, fingerprint)
        count += 1
    return count


MAX_MESSAGE_CHARS = 3000


def message_attendees(
    event: EventPage, *, subject: str, body: str, user: User | None = None
) -> AttendeeMessage:
    """Mail everyone with a confirmed seat a message from the organiser; returns the message."""
    subject = clean_text(str(subject or "")).strip()
    body = clean_text(str(body or "")).strip()
    if not subject or not body:
        raise RegistrationError(_("Vul een onderwerp en een bericht in."))
    if len(subject) > 150 or len(body) > MAX_MESSAGE_CHARS:
        raise RegistrationError(
            _("Houd het kort: een onderwerp tot 150 en een bericht tot %(n)s tekens.")
            % {"n": MAX_MESSAGE_CHARS}
        )
    with transaction.atomic():
        message = AttendeeMessage.objects.create(
            event=event, subject=subject, body=body, sent_by=user
        )
        registrations = Registration.objects.filter(
            event=event, status=Status.CONFIRMED
        ).select_related("user")
        for registration in registrations:
            registration.event = event
            notifications.attendee_message(registration, message)
            message.recipients += 1
        message.save(update_fields=["recipients"])
    return message
