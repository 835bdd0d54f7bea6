"""Fixtures of the Tip een ander tests: members, an agenda with a meetup, the outbox."""

from datetime import timedelta

import pytest

from django.utils import timezone

from events import services as events
from events.models import Registration
from tests.factories import EventPageFactory, MemberFactory


@pytest.fixture
def make_event(home):
    def make(**fields):
        fields.setdefault("start", timezone.now() + timedelta(days=5))
        return EventPageFactory(venue_address="", region="", **fields)

    return make


@pytest.fixture
def attend(make_event):
    """Register ``user`` for a fresh event and check them in, as the door would."""

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
