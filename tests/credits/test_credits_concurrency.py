"""Money under many simultaneous requests, on PostgreSQL (where row locks are real).

Run with ``DATABASE_URL=postgres://… pytest tests/credits -m postgres``; deselected on SQLite.
"""

import pytest

from django.db import connection
from django.db.models import Sum

from loket.credits import services
from loket.credits.models import CreditTransaction, Kind, Redemption, Reward
from loket.mail.models import OutgoingMail
from tests.concurrency import run_concurrently, split_outcomes
from tests.factories import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _ledger_matches(member):
    total = CreditTransaction.objects.filter(member=member).aggregate(s=Sum("amount"))["s"] or 0
    return total == services.balance(member).total


def test_fifty_spends_against_ten_credits_succeed_ten_times():
    assert connection.vendor == "postgresql"
    member = MemberFactory()
    services.award_credits(member, 10, reason="Tip", reference="r:1")
    results = run_concurrently(
        lambda n: services.spend_credits(member, 1, reason=f"Besteding {n}"),
        [(n,) for n in range(50)],
    )
    succeeded = [r for r in results if isinstance(r, CreditTransaction)]
    refused = [r for r in results if isinstance(r, services.InsufficientCredits)]
    assert len(succeeded) == 10 and len(refused) == 40
    assert services.balance(member).available == 0
    assert _ledger_matches(member)


def test_twenty_awards_of_the_same_reference_write_one_row():
    member = MemberFactory()
    results = run_concurrently(
        lambda: services.award_credits(member, 10, reason="Tip", reference="referral:7:tipgever"),
        [()] * 20,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(1 for _row, created in results if created) == 1
    assert CreditTransaction.objects.filter(member=member, kind=Kind.AWARD).count() == 1
    assert services.balance(member).available == 10


def test_stock_is_never_over_issued():
    reward = Reward.objects.create(title="Gesprek met een bekende ondernemer", price=5, stock=5)
    members = [MemberFactory() for _ in range(20)]
    for m in members:
        services.award_credits(m, 5, reason="Tip", reference="r:1")
    results = run_concurrently(lambda m: services.redeem(m, reward), [(m,) for m in members])
    assert sum(isinstance(r, Redemption) for r in results) == 5
    assert Redemption.objects.count() == 5
    for m in members:
        assert _ledger_matches(m)
        assert services.balance(m).available >= 0


def test_twenty_cancels_of_one_reward_refund_it_once():
    """A double click, two staff at once: one cancel wins, one refund row, the rest refused."""
    reward = Reward.objects.create(title="Gesprek met een bekende ondernemer", price=8, stock=5)
    member, staff = MemberFactory(), MemberFactory(is_staff=True)
    services.award_credits(member, 10, reason="Tip", reference="r:1")
    redemption = services.redeem(member, reward)

    results = run_concurrently(
        lambda: services.cancel_redemption(redemption, staff=staff), [()] * 20
    )

    cancelled, refused = split_outcomes(results, services.CreditError)
    assert len(cancelled) == 1 and len(refused) == 19
    assert {error.code for error in refused} == {"wrong_transition"}
    assert CreditTransaction.objects.filter(member=member, kind=Kind.REFUND).count() == 1
    assert services.balance(member).available == 10
    assert OutgoingMail.objects.filter(template="credits_reward_status").count() == 1
    assert _ledger_matches(member)


def test_cancel_and_deliver_at_once_end_in_one_state():
    """Staff cancel while a colleague marks it delivered: exactly one step happens."""
    reward = Reward.objects.create(title="Gadgetpakket", price=4, stock=50)
    staff = MemberFactory(is_staff=True)
    members = [MemberFactory() for _ in range(5)]
    redemptions = []
    for m in members:
        services.award_credits(m, 4, reason="Tip", reference="r:1")
        redemptions.append(services.redeem(m, reward))
    calls = [(services.cancel_redemption, r) for r in redemptions] + [
        (services.fulfil_redemption, r) for r in redemptions
    ]

    results = run_concurrently(lambda step, r: step(r, staff=staff), calls)

    done, refused = split_outcomes(results, services.CreditError)
    assert len(done) == 5 and len(refused) == 5
    for m, r in zip(members, redemptions, strict=True):
        r.refresh_from_db()
        refunds = CreditTransaction.objects.filter(member=m, kind=Kind.REFUND).count()
        assert refunds == (1 if r.state == Redemption.State.CANCELLED else 0)
        assert r.state in (Redemption.State.CANCELLED, Redemption.State.FULFILLED)
        assert _ledger_matches(m)
