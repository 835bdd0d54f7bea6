"""The ledger: awards once, spends never below zero, refunds once, review, corrections."""

from datetime import timedelta

import pytest

from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.credits import services
from loket.credits.models import AppendOnlyError, CreditTransaction, Kind, Status

pytestmark = pytest.mark.django_db


def test_an_award_is_spendable_at_once_without_review(member):
    row, created = services.award_credits(member, 10, reason="Tip", reference="referral:1:tipgever")
    assert created and row.status == Status.AVAILABLE
    assert services.balance(member) == services.Balance(available=10, pending=0)


def test_an_award_in_review_is_pending_until_the_window_ends(member):
    services.award_credits(member, 10, reason="Tip", reference="r:1", review_days=14)
    assert services.balance(member) == services.Balance(available=0, pending=10)
    later = timezone.now() + timedelta(days=15)
    assert services.balance(member, now=later).available == 10


def test_the_same_reference_is_awarded_once(member):
    first, created = services.award_credits(member, 10, reason="Tip", reference="r:1")
    again, created_again = services.award_credits(member, 10, reason="Tip", reference="r:1")
    assert created and not created_again and again.pk == first.pk
    assert CreditTransaction.objects.filter(member=member).count() == 1
    assert services.balance(member).available == 10


def test_the_database_refuses_a_second_award_with_the_same_reference(member):
    CreditTransaction.objects.create(
        member=member, amount=5, kind=Kind.AWARD, reason="x", reference="r:9"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditTransaction.objects.create(
            member=member, amount=5, kind=Kind.AWARD, reason="x", reference="r:9"
        )


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        (Kind.AWARD, -5),
        (Kind.AWARD, 0),
        (Kind.SPEND, 5),
        (Kind.EXPIRY, 3),
        (Kind.REFUND, -1),
        (Kind.CORRECTION, 0),
    ],
)
def test_the_database_refuses_amounts_with_the_wrong_sign(member, kind, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditTransaction.objects.create(member=member, amount=amount, kind=kind, reason="x")


def test_rows_are_never_changed_or_deleted(member):
    row, _ = services.award_credits(member, 10, reason="Tip", reference="r:1")
    row.amount = 1000
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CreditTransaction.objects.filter(member=member).delete()
    assert services.balance(member).available == 10


def test_a_bad_award_is_refused(member):
    with pytest.raises(services.CreditError):
        services.award_credits(member, 0, reason="x", reference="r:1")
    with pytest.raises(services.CreditError):
        services.award_credits(member, 5, reason="x", reference="")


def test_spending_more_than_the_balance_is_refused_and_stores_nothing(member):
    services.award_credits(member, 10, reason="Tip", reference="r:1")
    with pytest.raises(services.InsufficientCredits) as error:
        services.spend_credits(member, 11, reason="Seminar")
    assert "10 credits" in str(error.value.message)
    assert CreditTransaction.objects.filter(kind=Kind.SPEND).count() == 0
    services.spend_credits(member, 10, reason="Seminar")
    assert services.balance(member).available == 0


def test_pending_credits_cannot_be_spent(member):
    services.award_credits(member, 10, reason="Tip", reference="r:1", review_days=14)
    with pytest.raises(services.InsufficientCredits):
        services.spend_credits(member, 1, reason="Seminar")


def test_a_refund_gives_the_credits_back_once(member):
    services.award_credits(member, 10, reason="Tip", reference="r:1")
    spend = services.spend_credits(member, 8, reason="Seminar", reference="seat:1")
    first = services.refund(spend, reason="Op tijd afgemeld")
    second = services.refund(spend, reason="Op tijd afgemeld")
    assert first.pk == second.pk
    assert services.balance(member).available == 10


def test_staff_approve_early_and_the_decision_is_one_way(member, staff):
    award, _ = services.award_credits(member, 10, reason="Tip", reference="r:1", review_days=14)
    approved = services.approve_award(award, staff=staff)
    assert approved.status == Status.AVAILABLE and approved.decided_by == staff
    assert services.balance(member).available == 10
    with pytest.raises(services.CreditError):
        services.reject_award(award, staff=staff)


def test_a_rejected_award_never_counts(member, staff):
    award, _ = services.award_credits(member, 10, reason="Tip", reference="r:1", needs_review=True)
    assert services.balance(member).pending == 10
    services.reject_award(award, staff=staff)
    far = timezone.now() + timedelta(days=400)
    assert services.balance(member, now=far) == services.Balance(0, 0)


def test_a_risky_award_waits_for_staff_however_long(member):
    services.award_credits(member, 10, reason="Tip", reference="r:1", needs_review=True)
    far = timezone.now() + timedelta(days=100)
    assert services.balance(member, now=far) == services.Balance(available=0, pending=10)


def test_reversing_an_available_award_writes_a_correcting_row(member, staff):
    award, _ = services.award_credits(member, 10, reason="Tip", reference="r:1")
    row = services.reverse_award(award, staff=staff, reason="Dubbel account")
    assert row.kind == Kind.CORRECTION and row.amount == -10 and row.created_by == staff
    assert row.related == award
    assert services.balance(member).available == 0
    with pytest.raises(services.CreditError):
        services.reverse_award(award, staff=staff, reason="Nog eens")


def test_a_correction_needs_a_reason_and_never_makes_the_balance_negative(member, staff):
    with pytest.raises(services.CreditError):
        services.correct(member, 5, reason=" ", staff=staff)
    with pytest.raises(services.InsufficientCredits):
        services.correct(member, -5, reason="Rechtzetting", staff=staff)
    row = services.correct(member, 5, reason="Goedmaker", staff=staff)
    assert row.created_by == staff and services.balance(member).available == 5


def test_a_seat_paid_with_credits_is_refunded_by_its_reference_once(member):
    services.award_credits(member, 20, reason="Tip", reference="r:1")
    services.spend_credits(
        member, 15, reason="Plek: Grip op je cashflow", reference="registratie:8"
    )
    assert services.refund_by_reference(member, "registratie:9", reason="Afgemeld") is None
    services.refund_by_reference(member, "registratie:8", reason="Op tijd afgemeld")
    services.refund_by_reference(member, "registratie:8", reason="Op tijd afgemeld")
    assert services.balance(member).available == 20
