"""Counters under concurrency on PostgreSQL: simultaneous beacon hits and duplicate signals."""

import pytest

from django.test import Client
from django.utils import timezone

from campaigns.attribution import services
from campaigns.attribution.models import Conversion, DailyVisits
from tests.attribution.conftest import BEACON, ORIGIN
from tests.concurrency import run_concurrently, split_outcomes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 50


def _together(target, n=N):
    _results, errors = split_outcomes(run_concurrently(target, n), Exception)
    assert not errors, errors


def test_fifty_simultaneous_beacon_hits_count_fifty(launch, settings):
    settings.ATTRIBUTION_BEACON_LIMIT = (10_000, 600)
    statuses = []

    def hit(i):
        response = Client().post(
            BEACON,
            {"q": "?utm_source=mailing&utm_medium=email", "p": launch.url, "c": launch.code},
            HTTP_ORIGIN=ORIGIN,
        )
        statuses.append(response.status_code)

    _together(hit)
    assert statuses == [204] * N
    row = DailyVisits.objects.get(campaign_code=launch.code, day=timezone.localdate())
    assert (row.channel, row.visits) == ("mailing/email", N)


def test_the_same_action_signalled_at_once_counts_once(launch):
    credit = services.Credit(launch.code, "mailing/email", launch.code)
    made = []
    _together(lambda i: made.append(services.record_conversion("intake", "intake:42", credit)), 20)
    assert sorted(made) == [False] * 19 + [True]
    assert Conversion.objects.filter(kind="intake", object_key="intake:42").count() == 1
