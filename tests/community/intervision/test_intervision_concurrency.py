"""Applying and confirming under real concurrency on PostgreSQL."""

import threading

import pytest

from django.db import connection

from community.models import IntervisionApplication, IntervisionParticipant
from community.services import CommunityError
from community.services import intervision as services
from loket.themes.models import Theme
from tests.factories import MemberFactory

from .conftest import build_application


@pytest.fixture
def theme(transactional_db):
    # A transactional test flushes the migrations' themes; make one when needed.
    return Theme.objects.get_or_create(
        slug="personeelszaken", defaults={"name": "Personeelszaken"}
    )[0]


def _at_once(n, work):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except CommunityError as exc:
            errors.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_applying_many_times_at_once_stores_one_application(theme):
    member = MemberFactory()
    results, errors = _at_once(10, lambda i: build_application(theme, member))
    assert len(results) == 1
    assert errors == ["conflict"] * 9
    assert IntervisionApplication.objects.filter(member=member).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_confirming_at_once_place_each_applicant_once(theme, staff_manager):
    apps = [build_application(theme) for _ in range(6)]

    def confirm(i):
        round_ = services.run_round()
        return services.confirm_round(staff_manager, round_, {a.pk: "n1" for a in apps})

    results, errors = _at_once(2, confirm)
    assert len(results) == 1 and errors == ["conflict"]
    assert IntervisionParticipant.objects.count() == 6
