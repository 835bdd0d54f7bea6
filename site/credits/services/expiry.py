"""Expiry of credits, first in first out, and the reminder before they expire.
The scheduled task runs ``expire_credits``; running it twice writes nothing new."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url
from loket.mail.services import queue_mail
from loket.notifications.services import Kind as NotificationKind
from loket.notifications.services import notify

from ..models import CreditTransaction, Kind
from .base import _available_q, balance, lock_member

if TYPE_CHECKING:
    from loket.accounts.models import User


REMINDER_DAYS = 30


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


def expire_member(member: User, *, now: datetime | None = None) -> CreditTransaction | None:
    """Write one expiry row for what is due and unused; running it again writes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_member(member)
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


def expiring_soon(member: User, *, now: datetime | None = None) -> int:
    """How many spendable credits expire within ``REMINDER_DAYS`` (0 if none)."""
    now = now or timezone.now()
    return _due_unspent(member, now + timedelta(days=REMINDER_DAYS), now)


def expire_credits(*, now: datetime | None = None) -> dict[str, int]:
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
            remind_expiry(member, amount, first)
            reminded += 1
    return {"expired": expired, "reminded": reminded}


def remind_expiry(member: User, amount: int, first: CreditTransaction) -> None:
    """Notify (and, as the member chose, mail) that ``amount`` credits lapse soon, the first
    on ``first.expires_at``. Once per member and first expiring row."""
    url = absolute_url(reverse("credits:overview"))
    expires = timezone.localtime(first.expires_at)
    notify(
        member,
        NotificationKind.CREDITS_EXPIRING,
        first,
        key=f"{member.pk}:{first.pk}",
        title=_("%(amount)s credits vervallen binnenkort") % {"amount": amount},
        text=_("Besteed ze vóór %(date)s aan een beloning.")
        % {"date": expires.strftime("%d-%m-%Y")},
        url=url,
        mail=partial(
            queue_mail,
            to=member.email,
            template="credits_expiry_reminder",
            context={
                "first_name": member.first_name or member.display_name,
                "amount": amount,
                "expires_at": first.expires_at,
                "credits_url": url,
            },
            idempotency_key=f"credits-expiry-reminder:{member.pk}:{first.pk}",
        ),
    )
