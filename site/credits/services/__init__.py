"""Credit services: award, spend, refund, review, correct, expire, and the balance.

Every change is a new ledger row. A spend locks the member's row, recounts the spendable balance
from the ledger and only then writes, so two spends at once can never together exceed it. An
award carries a reference; the database refuses a second award with the same reference for the
same member, so a repeated or concurrent qualification is awarded once. Whoever caps awards (the
referrer's yearly cap) sums them under ``lock_member``, as a spend does. The modules: ``base``
(errors, the balance, the member lock), ``ledger`` (award, spend, refund, correct), ``review``
(staff decisions on pending awards), ``expiry`` and ``rewards``.
"""

from .base import (
    Balance,
    CreditError,
    InsufficientCredits,
    balance,
    expiry_period,
    lock_member,
)
from .expiry import REMINDER_DAYS, expire_credits, expire_member, expiring_soon
from .ledger import award_credits, correct, history, refund, refund_by_reference, spend_credits
from .review import approve_award, reject_award, reverse_award
from .rewards import (
    TRANSITIONS,
    cancel_redemption,
    fulfil_redemption,
    offered_to,
    paid_at_registration,
    redeem,
    schedule_redemption,
    stock_left,
)

__all__ = [
    "Balance",
    "CreditError",
    "InsufficientCredits",
    "REMINDER_DAYS",
    "TRANSITIONS",
    "approve_award",
    "award_credits",
    "balance",
    "cancel_redemption",
    "correct",
    "expire_credits",
    "expire_member",
    "expiring_soon",
    "expiry_period",
    "fulfil_redemption",
    "offered_to",
    "history",
    "lock_member",
    "paid_at_registration",
    "redeem",
    "refund",
    "refund_by_reference",
    "reject_award",
    "reverse_award",
    "schedule_redemption",
    "spend_credits",
    "stock_left",
]
