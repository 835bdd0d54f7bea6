"""The same qualification from many threads awards once per side, on PostgreSQL.

Run with ``DATABASE_URL=postgres://… pytest tests/campaigns -m postgres``; deselected on SQLite.
"""

import pytest

from django.db import connection
from django.db.models import Sum

from campaigns import services
from campaigns.models import Referral, ReferralProgramme
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from tests.concurrency import raise_any, run_concurrently
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


def test_simultaneous_qualifications_of_one_referrer_keep_the_yearly_cap():
    """Twenty people one referrer tipped check in at once near the cap: the cap holds exactly.

    Each qualification sums the referrer's awards of the year before it awards; without a lock
    on the referrer every thread read the same sum and all of them awarded in full.
    """
    assert connection.vendor == "postgresql"
    ReferralProgramme.objects.update_or_create(
        defaults={"yearly_cap": 95, "review_days": 0, "tips_per_day": 50}
    )
    referrer = MemberFactory(last_name="de Vries")
    credits.award_credits(referrer, 50, reason="Eerdere tips", reference="referral:0:tipgever")
    newcomers = []
    for n in range(20):
        newcomer = MemberFactory(email=f"nieuw{n}@bakkerij.nl", last_name=f"Anders{n}")
        services.attribute(newcomer, code=services.code_for(referrer))
        newcomers.append(newcomer)
    results = raise_any(
        run_concurrently(
            lambda user: services.qualify(user, source="attendance", reference="bijeenkomst:1"),
            [(user,) for user in newcomers],
        )
    )
    assert sum(isinstance(r, Referral) for r in results) == 20
    awards = CreditTransaction.objects.filter(
        member=referrer, kind=Kind.AWARD, reference__endswith=":tipgever"
    )
    assert awards.aggregate(s=Sum("amount"))["s"] == 95
    assert sorted(awards.values_list("amount", flat=True)) == [5, 10, 10, 10, 10, 50]
