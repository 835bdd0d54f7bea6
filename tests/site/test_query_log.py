"""The suite's query counts cannot pass by counting nothing (tests/conftest.py)."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_each_test_starts_with_an_empty_query_log():
    assert len(connection.queries_log) == 0


def test_a_count_taken_from_a_full_log_fails_instead_of_reading_zero():
    limit = connection.queries_log.maxlen
    connection.queries_log.extend({"sql": "SELECT 1", "time": "0"} for _ in range(limit))
    with (
        pytest.raises(AssertionError, match="query log is full"),
        CaptureQueriesContext(connection),
    ):
        Group.objects.count()


def test_a_count_with_room_in_the_log_counts_the_queries():
    with CaptureQueriesContext(connection) as captured:
        Group.objects.count()
        Group.objects.exists()
    assert len(captured) == 2
