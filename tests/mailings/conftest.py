"""Fixtures of the mailing tests: members who consented (or not), mailings, events, staff."""

import itertools

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from campaigns.mailings.models import Mailing
from community.models import Membership
from events.models import EventIndexPage
from loket.accounts.models import User
from tests.factories import (
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberFactory,
    MembershipFactory,
    RegistrationFactory,
)

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
    return EventIndexPage.objects.first() or EventIndexPageFactory(parent=home)


@pytest.fixture
def make_event(agenda):
    def make(**fields):
        defaults = {"capacity": 30, "venue_address": "", "region": ""}
        defaults.update(fields)
        return EventPageFactory(parent=agenda, **defaults)

    return make


@pytest.fixture
def register(db):
    """``register(event, user, came=True)``: a confirmed registration, checked in or not."""

    def make(event, user, came=True):
        return RegistrationFactory(
            event=event, user=user, checked_in_at=timezone.now() if came else None
        )

    return make


@pytest.fixture
def make_community(home):
    def make(title="Bouwondernemers Amersfoort"):
        n = next(_counter)
        return CommunityPageFactory(
            title=f"{title} {n}", slug=f"community-{n}", intro="Samen.", region="", sector=""
        )

    return make


@pytest.fixture
def join(db):
    def make(community, user, status=Membership.Status.MEMBER):
        return MembershipFactory(member=user, community=community, status=status)

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
