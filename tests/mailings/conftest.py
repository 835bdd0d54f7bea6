"""Fixtures of the mailing tests: members who consented (or not), mailings, events, staff."""

import itertools
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from campaigns.mailings.models import Mailing
from community.models import CommunityIndexPage, CommunityPage, Membership
from events.models import EventIndexPage, EventPage, Registration
from loket.accounts.models import User
from tests.factories import MemberFactory

_counter = itertools.count(1)

BODY = [
    ("heading", {"heading": "Waarom kan ik je online niet vinden?"}),
    (
        "text",
        {
            "text": "<p>Hoi [voornaam], hoe staat [bedrijfsnaam] ervoor? Lees het "
            '<a href="/bijeenkomsten/">in de agenda</a>.</p>'
        },
    ),
    (
        "button",
        {
            "label": "Vraag een intake aan",
            "page": None,
            "url": "http://testserver/gesprek-aanvragen/",
        },
    ),
]


@pytest.fixture
def subscriber(db):
    """``subscriber(**profile)``: a confirmed member who consented to mailings."""

    def make(themes=(), **fields):
        profile = {"newsletter": True, **fields.pop("profile", {})}
        user = MemberFactory(**fields, **{f"profile__{k}": v for k, v in profile.items()})
        if themes:
            user.profile.themes.set(themes)
        return user

    return make


@pytest.fixture
def make_mailing(db):
    def make(body=None, themes=(), **fields):
        defaults = {
            "subject": "Hoi [voornaam], een kritische blik?",
            "preheader": "Kort en krachtig.",
        }
        defaults.update(fields)
        mailing = Mailing.objects.create(body=BODY if body is None else body, **defaults)
        if themes:
            mailing.themes.set(themes)
        return mailing

    return make


@pytest.fixture
def agenda(home):
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten", intro="Kom langs!")
        home.add_child(instance=index)
        index.save_revision().publish()
    return EventIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def make_event(agenda):
    def make(**fields):
        n = next(_counter)
        start = fields.pop("start", timezone.now() + timedelta(days=10))
        defaults = {
            "title": f"Grip op je cashflow {n}",
            "slug": f"grip-op-je-cashflow-{n}",
            "intro": "Ondernemers vertellen hoe zij hun cashflow op orde kregen.",
            "start": start,
            "end": start + timedelta(hours=2),
            "venue_name": "Het Ondernemershuis",
            "municipality": "Utrecht",
        }
        defaults.update(fields)
        event = EventPage(**defaults)
        agenda.add_child(instance=event)
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def register(db):
    """``register(event, user, came=True)``: a confirmed registration, checked in or not."""

    def make(event, user, came=True):
        return Registration.objects.create(
            event=event,
            user=user,
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
            checked_in_at=timezone.now() if came else None,
        )

    return make


@pytest.fixture
def make_community(home):
    def make(title="Bouwondernemers Amersfoort"):
        index = CommunityIndexPage.objects.first()
        if index is None:
            index = CommunityIndexPage(title="Communities", slug="communities", intro="Peers.")
            home.add_child(instance=index)
            index.save_revision().publish()
        n = next(_counter)
        community = CommunityPage(title=f"{title} {n}", slug=f"community-{n}", intro="Samen.")
        index.add_child(instance=community)
        community.save_revision().publish()
        return CommunityPage.objects.get(pk=community.pk)

    return make


@pytest.fixture
def join(db):
    def make(community, user, status=Membership.Status.MEMBER):
        return Membership.objects.create(
            member=user,
            community=community,
            status=status,
            joined_at=timezone.now() if status == Membership.Status.MEMBER else None,
        )

    return make


@pytest.fixture
def communicator(db):
    user = User.objects.create_user(
        "redactie@ondernemersloket.nl",
        "Redactie-wachtwoord-9",
        first_name="Rob",
        last_name="Redactie",
        is_staff=True,
        email_verified=True,
    )
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user
