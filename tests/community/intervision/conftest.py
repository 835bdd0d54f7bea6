"""Fixtures of the intervision tests: the page, groups, applications and a community manager."""

import itertools

import pytest

from django.contrib.auth.models import Group, Permission

from community.intervision import services
from community.intervision.models import IntervisionGroup
from loket.themes.models import Theme
from tests.factories import IntervisionIndexPageFactory, MemberFactory

_n = itertools.count(1)


@pytest.fixture
def intervision_index(home):
    return IntervisionIndexPageFactory(parent=home)


@pytest.fixture
def themes(db):
    return list(Theme.objects.order_by("pk")[:3])


@pytest.fixture
def staff_manager(db):
    user = MemberFactory(is_staff=True)
    group, created = Group.objects.get_or_create(name="Communitymanagers")
    if created:  # a transactional test flushed the migrations' data
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="intervision", codename__contains="intervision"
            )
        )
    user.groups.add(group)
    return user


def build_group(theme, **fields):
    defaults = {
        "title": f"Groep {next(_n)}",
        "theme": theme,
        "province": "utrecht",
        "status": "oprichting",
    }
    defaults.update(fields)
    return IntervisionGroup.objects.create(**defaults)


@pytest.fixture
def make_group(db):
    return build_group


def build_application(theme, user=None, **fields):
    user = user or MemberFactory()
    data = {
        "theme": theme,
        "sector": "F",
        "size_band": "10-49",
        "province": "utrecht",
        "municipality": "Utrecht",
        "question": "Hoe houd ik mijn beste mensen vast in deze krappe markt?",
        "availability": ["di-avond", "do-middag"],
        "consent": True,
    }
    data.update(fields)
    return services.apply(user, **data)


@pytest.fixture
def make_application(db):
    return build_application
