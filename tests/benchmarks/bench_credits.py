"""Benchmark of the credits ledger: figures are printed, not asserted (run with ``make bench``).

The time to compute a balance (one aggregate over the ledger) and to render the credits page
for a member with 10,000 ledger rows (Django test client; the database is DATABASE_URL's).
"""

import statistics
import time
from datetime import timedelta

import pytest

from django.utils import timezone

from loket.credits import services
from loket.credits.models import CreditTransaction, Kind, Reward
from tests.factories import MemberFactory

pytestmark = pytest.mark.benchmark

RUNS = 25
ROWS = 10_000


def _median_ms(fn):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@pytest.mark.django_db
def test_balance_and_credits_page_with_ten_thousand_rows(client):
    member = MemberFactory()
    now = timezone.now()
    rows = []
    for n in range(ROWS // 2):
        rows.append(
            CreditTransaction(
                member=member,
                amount=3,
                kind=Kind.AWARD,
                reason="Tip een ander",
                reference=f"bench:{n}",
                available_from=now,
                expires_at=now + timedelta(days=365),
            )
        )
        rows.append(CreditTransaction(member=member, amount=-2, kind=Kind.SPEND, reason="Beloning"))
    CreditTransaction.objects.bulk_create(rows, batch_size=2000)
    Reward.objects.create(title="Gratis plek bij een seminar", price=20, stock=50)
    client.force_login(member)

    balance_ms = _median_ms(lambda: services.balance(member))
    page_ms = _median_ms(lambda: client.get("/account/credits/"))
    assert services.balance(member).available == ROWS // 2
    print(
        f"\ncredits with {ROWS:,} ledger rows: balance {balance_ms:.1f} ms, "
        f"credits page {page_ms:.1f} ms (median of {RUNS})"
    )
