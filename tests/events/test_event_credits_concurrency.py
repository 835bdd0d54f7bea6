"""Paying seats with credits under simultaneous requests, on PostgreSQL (real row locks).

Run with ``DATABASE_URL=postgres://… pytest tests/events -m postgres``; SQLite serialises every
writer and proves nothing about locking, so these tests are deselected there.
"""

import pytest

from django.db import connection
from django.db.models import Sum

from events import services
from events.models import Registration
from events.services import RegistrationError
from loket.credits import services as credits
from loket.credits.models import CreditTransaction
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_balance_for_one_seat_pays_exactly_one_of_ten_events_at_once(make_event, member):
    assert connection.vendor == "postgresql"
    events = [make_event(credits_price=10) for _ in range(10)]
    credits.award_credits(member, 15, reason="Tip een ander", reference="tip:1")

    results = run_concurrently(
        lambda event: services.register_for_event(event, member, pay_with_credits=True),
        [(event,) for event in events],
    )

    paid = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, RegistrationError)]
    assert len(paid) == 1, results
    assert len(refused) == 9 and {r.code for r in refused} == {"insufficient_credits"}
    assert Registration.objects.filter(user=member).count() == 1
    assert Registration.objects.get(user=member).paid_credits == 10
    balance = credits.balance(member).available
    assert balance == 5
    ledger = CreditTransaction.objects.filter(member=member).aggregate(total=Sum("amount"))
    assert ledger["total"] == balance >= 0


def test_a_double_submit_at_once_spends_once(make_event, member):
    assert connection.vendor == "postgresql"
    event = make_event(credits_price=10)
    credits.award_credits(member, 50, reason="Tip een ander", reference="tip:1")

    results = run_concurrently(
        lambda: services.register_for_event(event, member, pay_with_credits=True),
        [()] * 5,
    )

    assert sum(isinstance(r, Registration) for r in results) == 1, results
    assert {r.code for r in results if isinstance(r, RegistrationError)} == {"duplicate"}
    assert credits.balance(member).available == 40
