"""Writing the ledger: awarding, spending, refunding and staff corrections.
Each change is a new row; an award is written once per reference. Staff acts go to Wagtail's log."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from ..models import CreditTransaction, Kind, Status
from .base import CreditError, InsufficientCredits, balance, expiry_period, lock_member

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from loket.accounts.models import User


def award_credits(
    member: User,
    amount: int,
    *,
    reason: str,
    reference: str,
    review_days: int = 0,
    needs_review: bool = False,
    created_by: User | None = None,
) -> tuple[CreditTransaction, bool]:
    """Award ``amount`` credits once per ``reference``; return ``(row, created)``.

    ``review_days`` keeps them pending that long; ``needs_review`` keeps them pending until staff
    approve. A second call with the same reference returns the first row.
    """
    if amount <= 0:
        raise CreditError(_("Een toekenning is altijd een positief aantal credits."))
    if not reference:
        raise CreditError(_("Een toekenning heeft een kenmerk nodig."))
    now = timezone.now()
    pending = needs_review or review_days > 0
    available_from = None if needs_review else now + timedelta(days=review_days)
    try:
        with transaction.atomic():
            row = CreditTransaction.objects.create(
                member=member,
                amount=amount,
                kind=Kind.AWARD,
                status=Status.PENDING if pending else Status.AVAILABLE,
                reason=reason,
                reference=reference,
                available_from=available_from if pending else now,
                expires_at=(available_from or now) + expiry_period(),
                created_by=created_by,
            )
    except IntegrityError:
        existing = CreditTransaction.objects.filter(
            member=member, kind=Kind.AWARD, reference=reference
        ).first()
        if existing is None:
            raise
        return existing, False
    return row, True


def spend_credits(
    member: User, amount: int, *, reason: str, reference: str = "", created_by: User | None = None
) -> CreditTransaction:
    """Spend ``amount`` spendable credits or raise ``InsufficientCredits``; nothing half-done."""
    if amount <= 0:
        raise CreditError(_("Kies een positief aantal credits."))
    with transaction.atomic():
        lock_member(member)
        available = balance(member).available
        if available < amount:
            raise InsufficientCredits(
                _("Je hebt %(available)s credits; hiervoor heb je er %(amount)s nodig.")
                % {"available": available, "amount": amount},
                "insufficient",
            )
        return CreditTransaction.objects.create(
            member=member,
            amount=-amount,
            kind=Kind.SPEND,
            reason=reason,
            reference=reference,
            created_by=created_by,
        )


def refund(
    spend: CreditTransaction, *, reason: str, created_by: User | None = None
) -> CreditTransaction:
    """Give the credits of ``spend`` back, once; a second call returns the first refund."""
    if spend.kind != Kind.SPEND:
        raise CreditError(_("Alleen een besteding kan worden teruggeboekt."))
    reference = f"terugboeking:{spend.pk}"
    now = timezone.now()
    try:
        with transaction.atomic():
            return CreditTransaction.objects.create(
                member_id=spend.member_id,
                amount=-spend.amount,
                kind=Kind.REFUND,
                reason=reason,
                reference=reference,
                related=spend,
                available_from=now,
                expires_at=now + expiry_period(),
                created_by=created_by,
            )
    except IntegrityError:
        return CreditTransaction.objects.get(
            member_id=spend.member_id, kind=Kind.REFUND, reference=reference
        )


def refund_by_reference(
    member: User, reference: str, *, reason: str, created_by: User | None = None
) -> CreditTransaction | None:
    """Refund the spend of ``member`` made with ``reference`` (e.g. an event registration that
    was paid with credits and cancelled in time). Returns the refund, or None if nothing was
    spent under that reference. Safe to call twice."""
    spend = (
        CreditTransaction.objects.filter(member=member, kind=Kind.SPEND, reference=reference)
        .order_by("-pk")
        .first()
    )
    if spend is None or not reference:
        return None
    return refund(spend, reason=reason, created_by=created_by)


def log_staff_act(row: CreditTransaction, action: str, staff: User | None, **data: Any) -> None:
    """Wagtail's log entry for a staff act on a ledger row (the site history report)."""
    data = {"amount": row.amount, "member_id": row.member_id, **data}
    log(row, action, user=staff, data=data)


def correct(
    member: User,
    amount: int,
    *,
    reason: str,
    staff: User | None,
    related: CreditTransaction | None = None,
) -> CreditTransaction:
    """A manual correction by staff: a new row with who did it. Never below zero."""
    with transaction.atomic():
        row = write_correction(member, amount, reason=reason, staff=staff, related=related)
        log_staff_act(row, "loket.credits.corrected", staff)
    return row


def write_correction(
    member: User,
    amount: int,
    *,
    reason: str,
    staff: User | None,
    related: CreditTransaction | None = None,
) -> CreditTransaction:
    """The correction row of :func:`correct`, not logged (the caller logs its own act)."""
    if not amount:
        raise CreditError(_("Een correctie is meer of minder dan nul credits."))
    if not (reason or "").strip():
        raise CreditError(_("Schrijf erbij waarom je corrigeert."))
    with transaction.atomic():
        lock_member(member)
        now = timezone.now()
        if amount < 0 and balance(member, now=now).available < -amount:
            raise InsufficientCredits(
                _("Zoveel credits heeft dit lid niet meer; corrigeer hooguit het saldo."),
                "insufficient",
            )
        return CreditTransaction.objects.create(
            member=member,
            amount=amount,
            kind=Kind.CORRECTION,
            reason=reason.strip(),
            related=related,
            available_from=now,
            expires_at=now + expiry_period() if amount > 0 else None,
            created_by=staff,
        )


def history(member: User) -> QuerySet[CreditTransaction]:
    return CreditTransaction.objects.filter(member=member).select_related("created_by")
