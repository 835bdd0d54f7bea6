"""Fixtures of the events tests: an agenda page in the tree, events, members and the outbox."""

import itertools
from datetime import timedelta

import pytest

from django.utils import timezone

from events.models import EventIndexPage, EventPage

_counter = itertools.count(1)


@pytest.fixture
def agenda(home):
    index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten", intro="Kom langs!")
    home.add_child(instance=index)
    index.save_revision().publish()
    return EventIndexPage.objects.get(pk=index.pk)


def build_event(agenda, **fields):
    """A published event ten days ahead, 20 seats, in Utrecht; ``fields`` override."""
    n = next(_counter)
    start = fields.pop("start", timezone.now() + timedelta(days=10))
    themes = fields.pop("themes", [])
    defaults = {
        "title": f"Grip op je cashflow {n}",
        "slug": f"grip-op-je-cashflow-{n}",
        "intro": "Ondernemers vertellen hoe zij hun cashflow op orde kregen.",
        "start": start,
        "end": start + timedelta(hours=2),
        "capacity": 20,
        "venue_name": "Het Ondernemershuis",
        "venue_address": "Stationsplein 1, 3511 ED",
        "municipality": "Utrecht",
        "region": "utrecht",
    }
    defaults.update(fields)
    event = EventPage(**defaults)
    agenda.add_child(instance=event)
    if themes:
        event.themes.set(themes)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def make_event(agenda):
    def make(**fields):
        return build_event(agenda, **fields)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


def build_member(email=None, *, password="Geheim-wachtwoord-1", **fields):  # noqa: S107
    from loket.accounts.models import User

    n = next(_counter)
    fields.setdefault("first_name", f"Sanne{n}")
    fields.setdefault("last_name", "de Vries")
    return User.objects.create_user(email or f"lid{n}@example.nl", password, **fields)


@pytest.fixture
def make_member(db):
    return build_member


@pytest.fixture
def member(make_member):
    return make_member("sanne@example.nl", first_name="Sanne")


@pytest.fixture
def outbox(db):
    """The outbox rows queued so far, oldest first, as a callable: ``outbox()``."""
    from loket.mail.models import OutgoingMail

    def rows(**filters):
        return list(OutgoingMail.objects.filter(**filters).order_by("pk"))

    return rows


@pytest.fixture
def theme(db):
    from loket.themes.models import Theme

    return Theme.objects.order_by("pk").first() or Theme.objects.create(
        name="Financiën", slug="financien"
    )
