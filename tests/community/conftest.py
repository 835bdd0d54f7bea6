"""Fixtures of the community tests: the page tree, communities, members and the outbox."""

import pytest

from community.models import Membership
from loket.themes.models import Theme
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    MemberFactory,
    MembershipFactory,
)


@pytest.fixture
def community_index(home):
    return CommunityIndexPageFactory(parent=home)


def build_community(index, **fields):
    return CommunityPageFactory(parent=index, **fields)


@pytest.fixture
def make_community(community_index):
    def make(**fields):
        return build_community(community_index, **fields)

    return make


@pytest.fixture
def community(make_community):
    """A members-only community that anyone can join at once."""
    return make_community(title="Bouwondernemers Amersfoort", slug="bouwondernemers-amersfoort")


@pytest.fixture
def public_community(make_community):
    return make_community(title="Groeien met personeel", slug="groeien", is_public=True, sector="")


def _add_member(community, user=None, *, role=Membership.Role.MEMBER, status="lid", **profile):
    user = user or MemberFactory(**{f"profile__{k}": v for k, v in profile.items()})
    MembershipFactory(member=user, community=community, status=status, role=role)
    return user


@pytest.fixture
def add_member(db):
    """``add_member(community, user=None, role=…, status=…, **profile)`` → the member."""
    return _add_member


@pytest.fixture
def member(community):
    return _add_member(community)


@pytest.fixture
def other_member(community):
    return _add_member(community)


@pytest.fixture
def manager(community):
    return _add_member(community, role=Membership.Role.MANAGER)


@pytest.fixture
def outsider(db):
    """Signed up and verified, but not a member of the community."""
    return MemberFactory()


@pytest.fixture
def theme(db):
    return Theme.objects.order_by("pk").first()
