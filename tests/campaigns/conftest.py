"""Fixtures of the Tip een ander tests: members, an agenda with a meetup, the outbox."""

import itertools
from datetime import timedelta

import pytest

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page, Site

from events.models import EventIndexPage, EventPage, Registration
from tests.factories import MemberFactory

_counter = itertools.count(1)


@pytest.fixture
def home(db):
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(title="Home", slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def make_event(home):
    def make(**fields):
        index = EventIndexPage.objects.first()
        if index is None:
            index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten", intro="Kom langs!")
            home.add_child(instance=index)
            index.save_revision().publish()
        n = next(_counter)
        start = timezone.now() + timedelta(days=5)
        defaults = {
            "title": f"Grip op je cashflow {n}",
            "slug": f"grip-op-je-cashflow-{n}",
            "intro": "Ondernemers vertellen hoe zij hun cashflow op orde kregen.",
            "start": start,
            "end": start + timedelta(hours=2),
            "capacity": 20,
            "venue_name": "Het Ondernemershuis",
            "municipality": "Utrecht",
        }
        defaults.update(fields)
        event = EventPage(**defaults)
        index.add_child(instance=event)
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def attend(make_event):
    """Register ``user`` for a fresh event and check them in, as the door would."""
    from events import services as events

    def go(user, **event_fields):
        event = make_event(**event_fields)
        registration = events.register_for_event(event, user)
        if isinstance(registration, tuple):
            registration = registration[0]
        registration = Registration.objects.get(pk=registration.pk)
        events.check_in(event, registration)
        return registration

    return go


@pytest.fixture
def referrer(db):
    return MemberFactory(email="sanne@example.nl", first_name="Sanne", last_name="de Vries")


@pytest.fixture
def outbox(db):
    from loket.mail.models import OutgoingMail

    def rows(**filters):
        return list(OutgoingMail.objects.filter(**filters).order_by("pk"))

    return rows
