"""Expiry: first in, first out; idempotent; a reminder a month ahead, once."""

from datetime import timedelta

import pytest

from django.utils import timezone

from loket.credits import services
from loket.credits.models import CreditTransaction, Kind
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def _award(member, amount, reference, expires_in_days):
    row, _ = services.award_credits(member, amount, reason="Tip", reference=reference)
    CreditTransaction.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() + timedelta(days=expires_in_days)
    )
    return row


def test_due_credits_expire_once(member):
    _award(member, 10, "r:1", -1)
    _award(member, 10, "r:2", 200)
    services.expire_credits()
    services.expire_credits()
    expiries = CreditTransaction.objects.filter(member=member, kind=Kind.EXPIRY)
    assert [row.amount for row in expiries] == [-10]
    assert services.balance(member).available == 10


def test_spent_credits_come_from_the_oldest_award_first(member):
    _award(member, 10, "r:1", -1)
    _award(member, 10, "r:2", 200)
    services.spend_credits(member, 6, reason="Boek")
    services.expire_credits()
    assert CreditTransaction.objects.get(kind=Kind.EXPIRY).amount == -4
    assert services.balance(member).available == 10


def test_nothing_expires_when_everything_was_spent(member):
    _award(member, 10, "r:1", -1)
    services.spend_credits(member, 10, reason="Seminar")
    assert services.expire_credits()["expired"] == 0
    assert not CreditTransaction.objects.filter(kind=Kind.EXPIRY).exists()


def test_a_reminder_goes_a_month_before_and_only_once(member, django_capture_on_commit_callbacks):
    _award(member, 10, "r:1", 20)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_credits()
        services.expire_credits()
    mails = OutgoingMail.objects.filter(template="credits_expiry_reminder")
    assert mails.count() == 1
    assert mails[0].to == member.email
    assert "10 credits" in mails[0].subject
    assert "/account/credits/" in mails[0].text


def test_no_reminder_for_credits_far_from_expiring(member):
    _award(member, 10, "r:1", 200)
    services.expire_credits()
    assert not OutgoingMail.objects.filter(template="credits_expiry_reminder").exists()
