"""Fixtures of the notifications tests: a community with members, and notifications to read."""

import pytest

from community.models import Membership
from loket.notifications.services import Kind, notify
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    MemberFactory,
    MembershipFactory,
)


@pytest.fixture
def community(home):
    index = CommunityIndexPageFactory(parent=home)
    return CommunityPageFactory(
        parent=index, title="Bouwondernemers Amersfoort", slug="bouwondernemers-amersfoort"
    )


def _join(community, user, role=Membership.Role.MEMBER):
    MembershipFactory(member=user, community=community, status="lid", role=role)
    return user


@pytest.fixture
def member(community):
    return _join(community, MemberFactory(email="sanne@example.nl", first_name="Sanne"))


@pytest.fixture
def other_member(community):
    return _join(community, MemberFactory(email="pieter@example.nl", first_name="Pieter"))


@pytest.fixture
def make_notifications():
    """``make_notifications(member, n)``: n notifications of different kinds, newest last."""

    def make(member, n, *, start=0):
        kinds = list(Kind)
        return [
            notify(
                member,
                kinds[i % len(kinds)],
                key=f"test:{i}",
                title=f"Melding nummer {i}",
                text="Er is iets gebeurd dat je wilt weten.",
                url=f"/bijeenkomsten/test-{i}/",
            )
            for i in range(start, start + n)
        ]

    return make
