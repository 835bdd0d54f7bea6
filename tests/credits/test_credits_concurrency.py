"""Money under many simultaneous requests, on PostgreSQL (where row locks are real).

Run with ``DATABASE_URL=postgres://… pytest tests/credits -m postgres``; deselected on SQLite.
"""

import pytest

from django.db import connection
from django.db.models import Sum

from loket.credits import services
from loket.credits.models import CreditTransaction, Kind, Redemption, Reward
from tests.concurrency import run_concurrently
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
