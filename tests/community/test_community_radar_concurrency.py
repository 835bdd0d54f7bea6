""" "Ik ook" under real concurrency on PostgreSQL: fifty members at once make fifty marks; one
member clicking twenty times at once makes one."""

import pytest

from community.models import QuestionMark, Thread
from community.services import radar_actions
from tests.concurrency import run_concurrently, split_outcomes


def _question(community, author):
    return Thread.objects.create(
        community=community, author=author, title="Hoe vind ik een monteur?", body="<p>Tips?</p>"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_marks_count_fifty(community, add_member, member):
    thread = _question(community, member)
    others = [add_member(community) for _ in range(50)]
    results, errors = split_outcomes(
        run_concurrently(lambda i: radar_actions.mark_question(thread, others[i]), 50)
    )
    assert errors == []
    assert QuestionMark.objects.filter(thread=thread).count() == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_member_clicking_many_times_at_once_marks_once(community, member, other_member):
    thread = _question(community, member)
    results, errors = split_outcomes(
        run_concurrently(lambda i: radar_actions.mark_question(thread, other_member), 20)
    )
    assert errors == []
    assert {mark.pk for mark in results} == {QuestionMark.objects.get(thread=thread).pk}
