"""Registering for an event (with colleagues, paid with credits or not), and leaving again:
cancelling a seat or stepping off the waiting list with the link from a mail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import notifications
from events.dispatch import registration_made
from events.models.registration import Registration
from loket.credits import services as credits
from loket.sanitize import clean_text

from .base import (
    RegistrationError,
    Status,
    _cancel,
    _locked_registration,
    _now,
    lock_event,
    refund_seat_credits,
    registration_from_token,
    seat_counts,
    seat_reason,
)
from .waiting_list import promote_from_waiting_list

if TYPE_CHECKING:
    from django.http import HttpRequest

    from events.models.pages import EventPage
    from loket.accounts.models import User

MAX_ANSWER_CHARS = 1000


def _check_open(event: EventPage, now: datetime) -> None:
    state = event.registration_state(now)
    messages = {
        "cancelled": (_("Deze bijeenkomst is geannuleerd; aanmelden kan niet meer."), "cancelled"),
        "past": (_("Deze bijeenkomst is al begonnen of voorbij."), "past"),
        "not_yet": (
            _("Aanmelden kan vanaf %(date)s.")
            % {"date": timezone.localtime(event.registration_opens_at).strftime("%d-%m-%Y %H:%M")},
            "not_yet_open",
        ),
        "closed": (_("Aanmelden is gesloten voor deze bijeenkomst."), "closed"),
    }
    if state in messages:
        message, code = messages[state]
        raise RegistrationError(message, code)


def clean_colleagues(
    colleagues: Iterable[str | dict[str, Any]] | None, max_colleagues: int
) -> list[dict[str, str]]:
    """Normalise colleagues to ``[{"name": …, "email": …}]``; names are required."""
    cleaned = []
    seen_emails = set()
    for colleague in colleagues or ():
        if isinstance(colleague, str):
            colleague = {"name": colleague}
        if not isinstance(colleague, dict):
            raise RegistrationError(_("Vul voor elke collega een naam in."))
        name = clean_text(str(colleague.get("name") or "")).strip()[:120]
        email = str(colleague.get("email") or "").strip().lower()
        if not name and not email:
            continue
        if not name:
            raise RegistrationError(_("Vul voor elke collega een naam in."))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise RegistrationError(
                    _("Het e-mailadres van %(name)s klopt niet.") % {"name": name}
                ) from None
            if email in seen_emails:
                raise RegistrationError(_("Je noemde hetzelfde e-mailadres twee keer."))
            seen_emails.add(email)
        cleaned.append({"name": name, "email": email})
    if len(cleaned) > max_colleagues:
        if max_colleagues == 0:
            raise RegistrationError(_("Bij deze bijeenkomst meldt iedereen zich zelf aan."))
        raise RegistrationError(
            _("Je kunt bij deze bijeenkomst maximaal %(n)s collega's meenemen.")
            % {"n": max_colleagues}
        )
    return cleaned


def active_registration(event: EventPage, user: User | None) -> Registration | None:
    if not getattr(user, "pk", None):
        return None
    return (
        Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def register_for_event(
    event: EventPage,
    user: User,
    *,
    colleagues: Iterable[str | dict[str, Any]] = (),
    answer: str = "",
    # Without Django stubs mypy reads a TextChoices member as its (value, label) tuple.
    source: str = Registration.Source.MEMBER,  # type: ignore[assignment]
    pay_with_credits: bool = False,
    request: HttpRequest | None = None,
) -> Registration:
    """Register ``user`` (and colleagues, counted together) for ``event``.

    Returns the new ``Registration``: ``bevestigd`` when the whole party fits, otherwise the whole
    party goes on the waiting list (all or nothing). Raises ``RegistrationError`` with a Dutch
    message when it cannot happen; nothing is stored then.

    ``pay_with_credits`` spends ``credits_price`` per seat from the member's credits in the same
    transaction, with the ledger reference ``registratie:<pk>``: too few credits refuses the whole
    registration. Only a seat that is free now can be paid with credits: a party that would land
    on the waiting list is refused, so nobody's credits are held while they wait (they can join
    the waiting list without paying). A double submit finds the first registration and spends
    nothing.

    After the commit ``registration_made`` is sent with ``request`` (the member's own, if any):
    attribution counts it then, outside the locked transaction.
    """
    if not getattr(user, "pk", None) or not user.is_active:
        raise RegistrationError(_("Log in of vul je gegevens in om je aan te melden."))
    answer = clean_text(str(answer or "")).strip()
    if len(answer) > MAX_ANSWER_CHARS:
        raise RegistrationError(
            _("Je antwoord is te lang; houd het onder de %(n)s tekens.") % {"n": MAX_ANSWER_CHARS}
        )

    try:
        with transaction.atomic():
            event = lock_event(event)
            now = _now()
            _check_open(event, now)
            party = clean_colleagues(colleagues, event.max_colleagues)
            seats = 1 + len(party)
            if seats > event.capacity:
                raise RegistrationError(
                    _("Zoveel plaatsen heeft deze bijeenkomst niet; meld minder collega's aan.")
                )
            existing = active_registration(event, user)
            if existing is not None:
                if existing.status == Status.WAITING:
                    raise RegistrationError(
                        _("Je staat al op de wachtlijst voor deze bijeenkomst."), "duplicate"
                    )
                raise RegistrationError(
                    _("Je bent al aangemeld voor deze bijeenkomst."), "duplicate"
                )
            held, waiting = seat_counts(event)
            # Someone already waiting goes first: a newcomer never jumps the queue.
            fits = not waiting and held + seats <= event.capacity
            price = _credits_price(event, seats, fits) if pay_with_credits else 0
            registration = Registration.objects.create(
                event=event,
                user=user,
                status=Status.CONFIRMED if fits else Status.WAITING,
                seats=seats,
                colleagues=party,
                answer=answer,
                source=source,
                created_at=now,
                confirmed_at=now if fits else None,
                paid_credits=price,
            )
            if price:
                _spend_credits(registration, event, price)
            if fits:
                notifications.confirmation(registration)
            else:
                notifications.waiting_list(registration)
            transaction.on_commit(
                lambda: registration_made.send(
                    sender=Registration, registration=registration, actor=user, request=request
                )
            )
    except IntegrityError:
        # The unique constraint caught a double registration the lock did not (another database).
        raise RegistrationError(
            _("Je bent al aangemeld voor deze bijeenkomst."), "duplicate"
        ) from None
    return registration


def _credits_price(event: EventPage, seats: int, fits: bool) -> int:
    if not event.payable_with_credits:
        raise RegistrationError(_("Voor deze bijeenkomst kun je niet met credits betalen."))
    if not fits:
        raise RegistrationError(
            _(
                "Deze bijeenkomst zit vol. Met credits betaal je alleen een vrije plek; meld je "
                "zonder credits aan voor de wachtlijst, dan houden we je credits niet vast."
            ),
            "full",
        )
    return event.credits_price * seats


def _spend_credits(registration: Registration, event: EventPage, price: int) -> None:
    """Spend inside the registration's transaction: refused, and nothing of it is stored."""
    try:
        credits.spend_credits(
            registration.user,
            price,
            reason=seat_reason(event)[:255],
            reference=registration.credits_reference,
        )
    except credits.CreditError as error:
        raise RegistrationError(
            _("Je hebt niet genoeg credits voor deze plek. %(detail)s") % {"detail": error.message},
            "insufficient_credits",
        ) from None


def cancel_registration(token: str, *, event: EventPage | None = None) -> Registration:
    """Cancel the registration a signed link points to; frees its seats for the waiting list.

    Cancelling twice is harmless: the second time returns the already cancelled registration.
    """
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        if event.start <= _now():
            raise RegistrationError(
                _("Deze bijeenkomst is al begonnen; afmelden kan niet meer."), "past"
            )
        held = registration.status in Registration.HOLDING
        _cancel(registration, "zelf")
        registration.event = event
        refunded = registration.credits_refund_due and refund_seat_credits(
            registration, _("op tijd afgemeld")
        )
        notifications.cancelled_by_registrant(registration, credits_refunded=bool(refunded))
        if held:
            promote_from_waiting_list(event, locked=True)
    return registration


def leave_waiting_list(token: str, *, event: EventPage | None = None) -> Registration:
    """Take oneself off the waiting list (or turn down an offered seat) with one link."""
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        if registration.status == Status.CONFIRMED:
            raise RegistrationError(
                _("Je hebt al een plek. Afmelden kan met de link uit je bevestigingsmail."),
                "confirmed",
            )
        was_offered = registration.status == Status.OFFERED
        _cancel(registration, "wachtlijst verlaten")
        if was_offered:
            promote_from_waiting_list(event, locked=True)
    return registration
