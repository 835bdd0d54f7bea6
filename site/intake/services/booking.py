"""Booking a conversation: the free slots of a region, booking one, moving or cancelling it by
its signed link, the reminder the day before, and staff's held / no-show.

A booked slot is an intake request in status "ingepland" with a ``Booking`` that holds the slot;
so the desk's list, the held signal (referrals), the export and the retention of requests all
work for bookings too. One slot has at most one active booking: the service locks the slot row
and recounts, and a partial unique constraint refuses a second one even past the lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.guards import MAX_ID
from loket.mail.services import queue_mail

from ..forms import CONSENT_TEXT
from ..ical import booking_ics
from ..models import Booking, IntakeRequest, Kind, Slot, Status, StatusChange, WeeklyAvailability
from ..signals import intake_requested
from .base import IntakeError
from .mails import _mail_context
from .request import _check_limits, scan_share_fields
from .steps import _move, mark_cancelled, mark_held, mark_no_show

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from wagtail.models import Site

    from loket.accounts.models import User
    from loket.themes.models import Theme

logger = logging.getLogger(__name__)
# How far ahead weekly availability becomes bookable slots.
WEEKS_AHEAD = 8
# Booking closes this long before a slot begins, so the adviser can prepare.
BOOKING_CLOSES = timedelta(hours=2)


class BookingError(IntakeError):
    """A booking that cannot be made or changed; ``code`` maps to a status in the views:
    ``unknown`` 404, ``past`` 410, ``taken`` and ``state`` 409, the rest 400."""


def _unknown():
    return BookingError(
        _("Dit moment bestaat niet (meer). Kies een ander moment uit de lijst."), "unknown"
    )


def free_slots(
    site: Site,
    *,
    theme: Theme | None = None,
    kind: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Slot]:
    """The region's slots that can still be booked, soonest first, with what the page shows."""
    slots = Slot.objects.free(now=(now or timezone.now()) + BOOKING_CLOSES).filter(site=site)
    if theme is not None:
        slots = slots.filter(adviser__themes=theme)
    if kind in Kind.values:
        slots = slots.filter(kind=kind)
    return slots.select_related("adviser").prefetch_related("adviser__themes").distinct()


def _lock_free_slot(slot_id: Any, site: Site, now: datetime) -> Slot:
    """Lock the slot row, then check from the rows that it can still be booked."""
    # Digits only, and within a database id (2**63 would make the lookup itself fail).
    if not str(slot_id).isascii() or not str(slot_id).isdigit() or int(slot_id) > MAX_ID:
        raise _unknown()
    slot = (
        Slot.objects.select_for_update()
        .select_related("adviser")
        .filter(pk=int(slot_id), site=site, withdrawn=False, adviser__active=True)
        .first()
    )
    if slot is None:
        raise _unknown()
    if slot.starts_at <= now + BOOKING_CLOSES:
        raise BookingError(
            _("Dit moment is al voorbij of begint zo. Kies een moment later in de week."), "past"
        )
    if Booking.objects.filter(slot=slot, released_at__isnull=True).exists():
        raise BookingError(
            _("Iemand anders was je net voor: dit moment is al geboekt. Kies een ander moment."),
            "taken",
        )
    return slot


def book_slot(
    slot_id: Any,
    data: Mapping[str, Any],
    *,
    site: Site,
    user: User | AnonymousUser | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book slot ``slot_id`` of ``site`` for the entrepreneur in ``data`` (the booking form).

    Lock the slot, recount its bookings, write the request, its history and the booking, and
    queue the confirmation with its ``.ics`` — all or nothing. A forged, past or taken slot
    raises ``BookingError`` and stores nothing.
    """
    now = now or timezone.now()
    if user is not None and not user.is_authenticated:
        user = None
    email = data["email"].strip().lower()
    try:
        with transaction.atomic():
            slot = _lock_free_slot(slot_id, site, now)
            _check_limits(email, request)
            theme = data.get("theme") or slot.adviser.themes.order_by("sort_order", "name").first()
            intake = IntakeRequest.objects.create(
                name=data["name"],
                email=email,
                company=data.get("company", ""),
                company_size=data.get("company_size", ""),
                theme=theme,
                question=data["question"],
                channel=slot.format,
                phone=data.get("phone", ""),
                user=user,
                kind=slot.kind,
                site=site,
                status=Status.PLANNED,
                planned_at=slot.starts_at,
                consent_text=str(CONSENT_TEXT)[:255],
                consented_at=now,
                **scan_share_fields(data, user, now),
                created_at=now,
            )
            StatusChange.objects.create(
                intake=intake,
                to_status=Status.PLANNED,
                actor=user,
                actor_label=intake.name[:150],
                note=_("Zelf geboekt via de website: %(slot)s") % {"slot": slot},
                created_at=now,
            )
            booking = Booking.objects.create(intake=intake, slot=slot, site=site, created_at=now)
            _queue_booked_mail(booking, moved=False)
            transaction.on_commit(
                lambda: intake_requested.send(sender=IntakeRequest, intake=intake, request=request)
            )
    except IntegrityError as error:
        # The partial unique index: another booking of this slot committed past our lock.
        raise BookingError(
            _("Iemand anders was je net voor: dit moment is al geboekt. Kies een ander moment."),
            "taken",
        ) from error
    logger.info("Slot %s booked (request %s).", slot.pk, intake.pk)
    return booking


def booking_for_token(token: str) -> Booking | None:
    """The booking a signed link points to, or ``None`` (tampered, or the request erased)."""
    pk = Booking.pk_from_token(token)
    if pk is None:
        return None
    return (
        Booking.objects.select_related("slot__adviser", "intake__theme", "site")
        .filter(pk=pk, intake__erased_at__isnull=True)
        .first()
    )


def _check_changeable(booking: Booking, now: datetime) -> None:
    if booking.released_at is not None or booking.intake.status != Status.PLANNED:
        raise BookingError(_("Deze afspraak is geannuleerd of al geweest."), "state")
    if booking.slot.starts_at <= now + BOOKING_CLOSES:
        raise BookingError(
            _("Je afspraak begint zo. Verzetten of annuleren kan nu alleen telefonisch."), "past"
        )


def move_booking(booking: Booking, slot_id: Any, *, now: datetime | None = None) -> Booking:
    """Move the booking to another free slot of the same region and kind; mail the new time."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("intake").get(pk=booking.pk)
        _check_changeable(booking, now)
        slot = _lock_free_slot(slot_id, booking.site, now)
        if slot.kind != booking.intake.kind:
            raise BookingError(_("Kies een moment voor hetzelfde soort gesprek."), "invalid")
        try:
            with transaction.atomic():
                Booking.objects.filter(pk=booking.pk).update(slot=slot)
        except IntegrityError as error:
            raise BookingError(
                _("Dit moment is net geboekt. Kies een ander moment."), "taken"
            ) from error
        booking.slot = slot
        booking.intake = _replan(booking.intake, slot)
        _queue_booked_mail(booking, moved=True)
    return booking


def _replan(intake: IntakeRequest, slot: Slot) -> IntakeRequest:
    intake, _previous = _move(
        intake,
        Status.PLANNED,
        by=None,
        note=_("Zelf verzet via de link in de mail: %(slot)s") % {"slot": slot},
        planned_at=slot.starts_at,
        channel=slot.format,
    )
    return intake


def cancel_booking(booking: Booking, *, now: datetime | None = None) -> Booking:
    """Cancel by the entrepreneur's link: the slot is free again at once; a mail confirms."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("intake").get(pk=booking.pk)
        _check_changeable(booking, now)
        Booking.objects.filter(pk=booking.pk).update(released_at=now)
        booking.released_at = now
        booking.intake = mark_cancelled(
            booking.intake, note=_("Geannuleerd via de link in de mail")
        )
        queue_mail(
            to=booking.intake.email,
            template="intake_booking_cancelled",
            context={**_mail_context(booking.intake), **_booking_context(booking)},
            idempotency_key=f"intake-cancelled:{booking.intake.pk}",
            attachments=[_ics_attachment(booking, cancelled=True)],
        )
    return booking


def hold_booking(booking: Booking, *, by: User | None = None, note: str = "") -> IntakeRequest:
    """Staff record that the booked conversation took place: a held intake (it counts for a
    referral) and ``conversation_held`` for what follows."""
    return mark_held(booking.intake, by=by, note=note, held_at=timezone.now())


def record_no_show(booking: Booking, *, by: User | None = None) -> IntakeRequest:
    """Staff record that the entrepreneur did not show up."""
    return mark_no_show(booking.intake, by=by)


def release_future_bookings(intake: IntakeRequest, *, now: datetime | None = None) -> int:
    """Free the slot of a booking ahead (the request is being erased): others may book it."""
    now = now or timezone.now()
    return Booking.objects.filter(
        intake=intake, released_at__isnull=True, slot__starts_at__gt=now
    ).update(released_at=now)


# Mails -----------------------------------------------------------------------------------------


def _site_url(site: Site | None) -> str:
    if site is None or site.is_default_site:
        return settings.SITE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def manage_url(booking: Booking) -> str:
    return _site_url(booking.site) + reverse("intake:booking", args=[booking.token])


def _booking_context(booking: Booking) -> dict[str, Any]:
    slot = booking.slot
    return {
        "slot": slot,
        "starts_local": timezone.localtime(slot.starts_at),
        "adviser": slot.adviser,
        "kind_label": slot.get_kind_display(),
        "format_label": slot.get_format_display(),
        "manage_url": manage_url(booking),
    }


def _ics_attachment(booking: Booking, *, cancelled: bool = False) -> tuple[str, str, str]:
    return ("afspraak.ics", booking_ics(booking, cancelled=cancelled), "text/calendar")


def _queue_booked_mail(booking: Booking, *, moved: bool) -> None:
    local = timezone.localtime(booking.slot.starts_at)
    queue_mail(
        to=booking.intake.email,
        template="intake_booked",
        context={**_mail_context(booking.intake), **_booking_context(booking), "moved": moved},
        # A new time is a new mail; the same booking confirmed twice is not.
        idempotency_key=f"intake-booked:{booking.intake.pk}:{local:%Y%m%d%H%M}",
        attachments=[_ics_attachment(booking)],
    )


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone whose booked conversation is tomorrow; return how many were queued.

    Safe to run twice (and hourly): the idempotency key holds the slot's time, so the outbox
    stores one reminder per booking and time.
    """
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    due = Booking.objects.filter(
        released_at__isnull=True,
        intake__status=Status.PLANNED,
        intake__erased_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=start + timedelta(days=1),
    ).select_related("slot__adviser", "intake__theme", "site")
    count = 0
    for booking in due:
        local = timezone.localtime(booking.slot.starts_at)
        queue_mail(
            to=booking.intake.email,
            template="intake_booking_reminder",
            context={**_mail_context(booking.intake), **_booking_context(booking)},
            idempotency_key=f"intake-reminder:{booking.intake.pk}:{local:%Y%m%d%H%M}",
        )
        count += 1
    return count


# Weekly availability ---------------------------------------------------------------------------


def _moments(rule: WeeklyAvailability, today: date, until: date) -> Iterator[datetime]:
    day = max(today, rule.first_day)
    day += timedelta(days=(rule.weekday - day.weekday()) % 7)
    while day <= until and (rule.last_day is None or day <= rule.last_day):
        first = timezone.make_aware(datetime.combine(day, rule.start_time))
        for i in range(rule.slot_count):
            yield first + timedelta(minutes=i * rule.duration_minutes)
        day += timedelta(days=7)


def materialise_slots(
    rules: Iterable[WeeklyAvailability] | None = None,
    *,
    now: datetime | None = None,
    weeks: int = WEEKS_AHEAD,
) -> int:
    """Make the slots of weekly availability for the coming ``weeks``; return how many are new.

    Safe to run twice (and daily): a slot per adviser and start exists once (a database rule),
    and existing slots are left as they are.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    until = today + timedelta(weeks=weeks)
    if rules is None:
        rules = WeeklyAvailability.objects.filter(adviser__active=True).select_related("adviser")
    made = 0
    for rule in rules:
        new = [
            Slot(
                adviser=rule.adviser,
                site_id=rule.adviser.site_id,
                kind=rule.kind,
                duration_minutes=rule.duration_minutes,
                format=rule.format,
                location=rule.location,
                starts_at=moment,
                availability=rule,
            )
            for moment in _moments(rule, today, until)
            if moment > now
        ]
        existing = set(
            Slot.objects.filter(
                adviser=rule.adviser, starts_at__in=[s.starts_at for s in new]
            ).values_list("starts_at", flat=True)
        )
        fresh = [slot for slot in new if slot.starts_at not in existing]
        Slot.objects.bulk_create(fresh, ignore_conflicts=True)
        made += len(fresh)
    return made
