"""Votes under real concurrency on PostgreSQL: 50 members at once count 50; one member clicking
many times at once counts once."""

import pytest

from community.models import ProposalVote
from community.services import CommunityError, proposals
from tests.concurrency import run_concurrently, split_outcomes


def _at_once(n, work):
    results, errors = split_outcomes(run_concurrently(work, n), CommunityError)
    return results, [error.code for error in errors]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_votes_count_fifty(community, add_member):
    voters = [add_member(community) for _ in range(50)]
    proposal = proposals.propose_topic(community, voters[0], title="Hoe financier ik een overname?")
    results, errors = _at_once(50, lambda i: proposals.vote_for(proposal, voters[i]))
    assert errors == []
    assert ProposalVote.objects.filter(proposal=proposal).count() == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_duplicate_simultaneous_votes_by_one_member_count_once(community, member):
    proposal = proposals.propose_topic(community, member, title="Samen inkopen: werkt dat?")
    results, errors = _at_once(20, lambda i: proposals.vote_for(proposal, member))
    assert len(results) == 1
    assert errors == ["conflict"] * 19
    assert ProposalVote.objects.filter(proposal=proposal).count() == 1
