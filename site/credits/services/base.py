"""The credits' shared ground: their errors, the balance and how long credits stay valid.
Every other module of the credit services builds on these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.utils import timezone

from ..models import CreditTransaction, Status

if TYPE_CHECKING:
    from loket.accounts.models import User


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


def expiry_period() -> timedelta:
    return timedelta(days=30 * getattr(settings, "CREDITS_EXPIRE_MONTHS", 12))


def _available_q(now):
    """Rows that count towards the spendable balance at ``now``."""
    return Q(status=Status.AVAILABLE) | Q(
        status=Status.PENDING, available_from__isnull=False, available_from__lte=now
    )


def _pending_q(now):
    return Q(status=Status.PENDING) & (Q(available_from__isnull=True) | Q(available_from__gt=now))


def balance(member: User, *, now: datetime | None = None) -> Balance:
    """The member's spendable and pending credits, summed from the ledger in one query."""
    now = now or timezone.now()
    sums = CreditTransaction.objects.filter(member=member).aggregate(
        available=Sum("amount", filter=_available_q(now), default=0),
        pending=Sum("amount", filter=_pending_q(now), default=0),
    )
    return Balance(available=sums["available"], pending=sums["pending"])


def lock_member(member: User) -> User:
    """Lock ``member``'s row until the transaction ends; call it inside ``transaction.atomic``.

    Whoever reads a member's ledger to decide what to write (a spend against the balance, an
    award against a yearly cap) locks the member first, so concurrent writers take turns.
    """
    return get_user_model().objects.select_for_update().get(pk=member.pk)
