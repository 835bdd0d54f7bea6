"""Capacity under many simultaneous requests, on PostgreSQL (where row locks are real).

Run with ``DATABASE_URL=postgres://… pytest tests/events -m postgres``; on SQLite these tests
are deselected, since SQLite serialises every writer and proves nothing about locking.
"""

import pytest

from django.db import connection

from events import services
from events.models import Registration
from events.services import RegistrationError
from tests.concurrency import run_concurrently

Status = Registration.Status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def assert_no_overbooking(event):
    held = services.seats_held(event)
    assert held <= event.capacity, f"{held} seats held for {event.capacity}"


def test_one_hundred_at_once_for_twenty_seats(make_event, make_member):
    assert connection.vendor == "postgresql"
    event = make_event(capacity=20)
    members = [make_member() for _ in range(100)]

    results = run_concurrently(
        lambda user: services.register_for_event(event, user), [(m,) for m in members]
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    rows = list(Registration.objects.filter(event=event).order_by("created_at", "id"))
    assert len(rows) == 100
    assert sum(r.status == Status.CONFIRMED for r in rows) == 20
    assert sum(r.status == Status.WAITING for r in rows) == 80
    assert_no_overbooking(event)
    # Arrival order is the order of the locked section: the first twenty to get the lock have
    # the seats, and both created_at and id follow that order without a single inversion.
    assert [r.status for r in rows] == [Status.CONFIRMED] * 20 + [Status.WAITING] * 80
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    assert all(a.created_at < b.created_at for a, b in zip(rows, rows[1:], strict=False))


def test_parties_are_all_or_nothing_under_contention(make_event, make_member):
    event = make_event(capacity=20, max_colleagues=3)
    members = [make_member() for _ in range(40)]
    # Parties of 1 to 4 seats.
    args = [(m, [f"Collega {j}" for j in range(i % 4)]) for i, m in enumerate(members)]

    results = run_concurrently(
        lambda user, colleagues: services.register_for_event(event, user, colleagues=colleagues),
        args,
    )

    assert not [r for r in results if isinstance(r, Exception)]
    assert_no_overbooking(event)
    for registration in Registration.objects.filter(event=event):
        assert registration.status in (Status.CONFIRMED, Status.WAITING)
        assert registration.seats == 1 + len(registration.colleagues)


def test_a_double_click_storm_gives_one_registration(make_event, make_member):
    event = make_event(capacity=20)
    member = make_member()

    results = run_concurrently(
        lambda user: services.register_for_event(event, user), [(member,)] * 20
    )

    assert sum(isinstance(r, Registration) for r in results) == 1
    refused = [r for r in results if isinstance(r, RegistrationError)]
    assert len(refused) == 19
    assert all(r.code == "duplicate" for r in refused)
    assert Registration.objects.filter(event=event).count() == 1


def test_cancellations_and_newcomers_at_once_never_overbook(make_event, make_member):
    event = make_event(capacity=20)
    seated = [services.register_for_event(event, make_member()) for _ in range(20)]
    waiting = [services.register_for_event(event, make_member()) for _ in range(10)]
    newcomers = [make_member() for _ in range(30)]

    def act(kind, value):
        if kind == "cancel":
            return services.cancel_registration(value.token)
        return services.register_for_event(event, value)

    jobs = [("cancel", r) for r in seated[:10]] + [("register", m) for m in newcomers]
    results = run_concurrently(act, jobs)

    assert not [r for r in results if isinstance(r, Exception)]
    assert_no_overbooking(event)
    offered = list(
        Registration.objects.filter(event=event, status=Status.OFFERED).order_by("created_at")
    )
    # The ten freed seats went to the ten who were waiting first, never to a newcomer.
    assert [r.pk for r in offered] == [r.pk for r in waiting]
    assert services.seats_held(event) == 20
