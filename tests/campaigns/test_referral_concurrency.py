"""The same qualification from many threads awards once per side, on PostgreSQL.

Run with ``DATABASE_URL=postgres://… pytest tests/campaigns -m postgres``; deselected on SQLite.
"""

import pytest

from django.db import connection
from django.db.models import Sum

from campaigns import services
from campaigns.models import Referral
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from tests.credits.test_credits_concurrency import run_concurrently
from tests.factories import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("threads", [20, 50])
def test_simultaneous_qualifications_award_once_per_side(threads):
    assert connection.vendor == "postgresql"
    referrer = MemberFactory(last_name="de Vries")
    newcomer = MemberFactory(email="joost@bakkerij.nl", last_name="Bakker")
    services.attribute(newcomer, code=services.code_for(referrer))
    results = run_concurrently(
        lambda: services.qualify(newcomer, source="attendance", reference="bijeenkomst:1"),
        [()] * threads,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(isinstance(r, Referral) for r in results) == 1
    for member in (referrer, newcomer):
        assert CreditTransaction.objects.filter(member=member, kind=Kind.AWARD).count() == 1
        total = CreditTransaction.objects.filter(member=member).aggregate(s=Sum("amount"))["s"]
        assert total == credits.balance(member).total
    assert credits.balance(referrer).pending == 10
    assert credits.balance(newcomer).pending == 5
