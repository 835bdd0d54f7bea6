"""Credit services: award, spend, refund, review, correct, expire, and the balance.

Every change is a new ledger row. A spend locks the member's row, recounts the spendable balance
from the ledger and only then writes, so two spends at once can never together exceed it. An
award carries a reference; the database refuses a second award with the same reference for the
same member, so a repeated or concurrent qualification is awarded once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url
from loket.mail.services import queue_mail

from .models import CreditTransaction, Kind, Redemption, Reward, Status

REMINDER_DAYS = 30


class CreditError(Exception):
    """A credits action that cannot be done; ``message`` is the Dutch explanation."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class InsufficientCredits(CreditError):
    pass


@dataclass(frozen=True)
class Balance:
    available: int
    pending: int

    @property
    def total(self):
        return self.available + self.pending


def expiry_period():
    return timedelta(days=30 * getattr(settings, "CREDITS_EXPIRE_MONTHS", 12))


def _available_q(now):
    """Rows that count towards the spendable balance at ``now``."""
    return Q(status=Status.AVAILABLE) | Q(
        status=Status.PENDING, available_from__isnull=False, available_from__lte=now
    )


def _pending_q(now):
    return Q(status=Status.PENDING) & (Q(available_from__isnull=True) | Q(available_from__gt=now))


def balance(member, *, now=None):
    """The member's spendable and pending credits, summed from the ledger in one query."""
    now = now or timezone.now()
    sums = CreditTransaction.objects.filter(member=member).aggregate(
        available=Sum("amount", filter=_available_q(now), default=0),
        pending=Sum("amount", filter=_pending_q(now), default=0),
    )
    return Balance(available=sums["available"], pending=sums["pending"])


def _lock_member(member):
    return get_user_model().objects.select_for_update().get(pk=member.pk)


def award_credits(
    member, amount, *, reason, reference, review_days=0, needs_review=False, created_by=None
):
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


def spend_credits(member, amount, *, reason, reference="", created_by=None):
    """Spend ``amount`` spendable credits or raise ``InsufficientCredits``; nothing half-done."""
    if amount <= 0:
        raise CreditError(_("Kies een positief aantal credits."))
    with transaction.atomic():
        _lock_member(member)
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


def refund(spend, *, reason, created_by=None):
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


def refund_by_reference(member, reference, *, reason, created_by=None):
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


def _decide(award, status, staff):
    """The one change a row allows: a pending award becomes available or rejected, once."""
    now = timezone.now()
    fields = {"status": status, "decided_by": staff, "decided_at": now}
    if status == Status.AVAILABLE:
        fields["available_from"] = now
        fields["expires_at"] = now + expiry_period()
    changed = CreditTransaction.objects.filter(
        pk=award.pk, kind=Kind.AWARD, status=Status.PENDING
    ).update(**fields)
    if not changed:
        raise CreditError(_("Over deze toekenning is al besloten."), "decided")
    return CreditTransaction.objects.get(pk=award.pk)


def approve_award(award, *, staff):
    return _decide(award, Status.AVAILABLE, staff)


def reject_award(award, *, staff):
    return _decide(award, Status.REJECTED, staff)


def correct(member, amount, *, reason, staff, related=None):
    """A manual correction by staff: a new row with who did it. Never below zero."""
    if not amount:
        raise CreditError(_("Een correctie is meer of minder dan nul credits."))
    if not (reason or "").strip():
        raise CreditError(_("Schrijf erbij waarom je corrigeert."))
    with transaction.atomic():
        _lock_member(member)
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


def reverse_award(award, *, staff, reason):
    """Take back an award: a pending one is rejected, an available one corrected away."""
    if award.kind != Kind.AWARD:
        raise CreditError(_("Alleen een toekenning kan worden teruggedraaid."))
    if award.status == Status.PENDING:
        try:
            return reject_award(award, staff=staff)
        except CreditError:
            award.refresh_from_db()
    if award.status == Status.REJECTED:
        raise CreditError(_("Deze toekenning is al afgewezen."), "decided")
    if CreditTransaction.objects.filter(related=award, kind=Kind.CORRECTION, amount__lt=0).exists():
        raise CreditError(_("Deze toekenning is al teruggedraaid."), "decided")
    return correct(award.member, -award.amount, reason=reason, staff=staff, related=award)


# Expiry: first in, first out ------------------------------------------------------------------


def _due_unspent(member, until, now):
    """Credits that expire on or before ``until`` and were not used: oldest are spent first."""
    rows = CreditTransaction.objects.filter(member=member).aggregate(
        due=Sum(
            "amount",
            filter=_available_q(now) & Q(amount__gt=0, expires_at__lte=until),
            default=0,
        ),
        used=Sum(
            Case(
                When(amount__lt=0, then="amount"),
                When(kind=Kind.REFUND, then="amount"),
                default=Value(0),
                output_field=IntegerField(),
            ),
            filter=_available_q(now),
            default=0,
        ),
    )
    return max(0, rows["due"] + rows["used"])


def expire_member(member, *, now=None):
    """Write one expiry row for what is due and unused; running it again writes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_member(member)
        amount = min(_due_unspent(member, now, now), balance(member, now=now).available)
        if amount <= 0:
            return None
        last = (
            CreditTransaction.objects.filter(member=member, amount__gt=0, expires_at__lte=now)
            .order_by("-expires_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        row, _created = CreditTransaction.objects.get_or_create(
            member=member,
            kind=Kind.EXPIRY,
            reference=f"vervallen:tot:{last}",
            defaults={"amount": -amount, "reason": _("Credits na de geldigheidsduur vervallen")},
        )
        return row


def expiring_soon(member, *, now=None):
    """How many spendable credits expire within ``REMINDER_DAYS`` (0 if none)."""
    now = now or timezone.now()
    return _due_unspent(member, now + timedelta(days=REMINDER_DAYS), now)


def expire_credits(*, now=None):
    """The scheduled task: expire what is due and remind who has credits expiring in a month.

    Safe to run twice: expiries are keyed per member and last expired row, reminders per member
    and first expiring row.
    """
    now = now or timezone.now()
    soon = now + timedelta(days=REMINDER_DAYS)
    member_ids = (
        CreditTransaction.objects.filter(amount__gt=0, expires_at__lte=soon)
        .values_list("member_id", flat=True)
        .distinct()
    )
    expired = reminded = 0
    for member in get_user_model().objects.filter(pk__in=list(member_ids)):
        if expire_member(member, now=now) is not None:
            expired += 1
        amount = expiring_soon(member, now=now)
        if amount and member.is_active and not member.is_deleted:
            first = (
                CreditTransaction.objects.filter(
                    member=member, amount__gt=0, expires_at__gt=now, expires_at__lte=soon
                )
                .order_by("expires_at", "pk")
                .first()
            )
            if first is None:
                continue
            queue_mail(
                to=member.email,
                template="credits_expiry_reminder",
                context={
                    "first_name": member.first_name or member.display_name,
                    "amount": amount,
                    "expires_at": first.expires_at,
                    "credits_url": absolute_url(reverse("credits:overview")),
                },
                idempotency_key=f"credits-expiry-reminder:{member.pk}:{first.pk}",
            )
            reminded += 1
    return {"expired": expired, "reminded": reminded}


def history(member):
    return CreditTransaction.objects.filter(member=member).select_related("created_by")


# Rewards --------------------------------------------------------------------------------------


def stock_left(reward):
    taken = reward.redemptions.exclude(state=Redemption.State.CANCELLED).count()
    return max(0, reward.stock - taken)


def paid_at_registration(reward):
    """A free seat is not requested from staff: the member pays with credits when registering
    for the event (the event says how many), which also refunds a timely cancellation. The
    catalogue's seat item points there, so there is one way to get a seat."""
    return reward.type == Reward.Type.SEAT


def redeem(member, reward):
    """Buy ``reward`` with credits: lock the reward, recount its stock, spend, record.

    The reward's row lock makes concurrent buyers wait their turn, so stock is never over-issued;
    the spend locks the member, so the balance never goes below zero.
    """
    with transaction.atomic():
        reward = Reward.objects.select_for_update().filter(pk=reward.pk, active=True).first()
        if reward is None:
            raise CreditError(_("Deze beloning is niet meer te kiezen."), "inactive")
        if stock_left(reward) <= 0:
            raise CreditError(_("Deze beloning is helaas op."), "out_of_stock")
        spend = spend_credits(
            member, reward.price, reason=_("Ingewisseld: %(title)s") % {"title": reward.title}
        )
        return Redemption.objects.create(reward=reward, member=member, spend=spend)


def cancel_redemption(redemption, *, staff=None):
    """Cancel a request that was not fulfilled yet and give the credits back (once)."""
    with transaction.atomic():
        changed = Redemption.objects.filter(
            pk=redemption.pk, state=Redemption.State.REQUESTED
        ).update(state=Redemption.State.CANCELLED)
        if not changed:
            raise CreditError(_("Deze aanvraag is al afgehandeld."), "decided")
        refund(
            redemption.spend,
            reason=_("Teruggeboekt: %(title)s") % {"title": redemption.reward.title},
            created_by=staff,
        )
    redemption.refresh_from_db()
    return redemption


def fulfil_redemption(redemption):
    changed = Redemption.objects.filter(pk=redemption.pk, state=Redemption.State.REQUESTED).update(
        state=Redemption.State.FULFILLED
    )
    if not changed:
        raise CreditError(_("Deze aanvraag is al afgehandeld."), "decided")
    redemption.refresh_from_db()
    return redemption
