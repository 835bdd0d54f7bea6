"""Fixtures of the events tests: an agenda page in the tree, events, members and the outbox."""

import itertools

import pytest

from loket.themes.models import Theme
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

_counter = itertools.count(1)


@pytest.fixture
def agenda(home):
    return EventIndexPageFactory(parent=home)


def build_event(agenda, **fields):
    """A published event ten days ahead, 20 seats, in Utrecht; ``fields`` override."""
    return EventPageFactory(parent=agenda, **fields)


@pytest.fixture
def make_event(agenda):
    def make(**fields):
        return build_event(agenda, **fields)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


def build_member(email=None, *, password="Geheim-wachtwoord-1", **fields):  # noqa: S107
    """An account (not yet confirmed, no profile) named Sanne de Vries unless ``fields`` say."""
    n = next(_counter)
    fields.setdefault("first_name", f"Sanne{n}")
    fields.setdefault("last_name", "de Vries")
    return UserFactory(email=email or f"lid{n}@example.nl", password=password, **fields)


@pytest.fixture
def make_member(db):
    return build_member


@pytest.fixture
def member(make_member):
    return make_member("sanne@example.nl", first_name="Sanne")


@pytest.fixture
def theme(db):
    return Theme.objects.order_by("pk").first() or Theme.objects.create(
        name="Financiën", slug="financien"
    )
