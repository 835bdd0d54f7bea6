"""Fixtures of the credits tests: members and staff."""

import pytest

from django.contrib.auth.models import Group

from tests.factories import MemberFactory


@pytest.fixture
def member(db):
    return MemberFactory(email="sanne@example.nl", first_name="Sanne")


@pytest.fixture
def other(db):
    return MemberFactory(email="pieter@example.nl", first_name="Pieter")


@pytest.fixture
def staff(db):
    user = MemberFactory(email="linda@loket.example.nl", first_name="Linda", is_staff=True)
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user
