"""Factories for the events app: the agenda (an EventIndexPage), events and registrations.

``EventPageFactory()`` publishes an event ten days ahead under the first agenda (made if none).
"""

from __future__ import annotations

from datetime import timedelta

import factory

from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration

from .accounts import MemberFactory
from .pages import PageFactory, index_of


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Bijeenkomsten"
    slug = "bijeenkomsten"
    intro = "Kom langs!"


class EventPageFactory(PageFactory):
    """A published event ten days ahead, two hours long, 20 seats, in Utrecht."""

    class Meta:
        model = EventPage

    parent = index_of(EventIndexPage, EventIndexPageFactory)
    title = factory.Sequence(lambda n: f"Grip op je cashflow {n}")
    slug = factory.Sequence(lambda n: f"grip-op-je-cashflow-{n}")
    intro = "Ondernemers vertellen hoe zij hun cashflow op orde kregen."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    capacity = 20
    venue_name = "Het Ondernemershuis"
    venue_address = "Stationsplein 1, 3511 ED"
    municipality = "Utrecht"
    region = "utrecht"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a new member for a new event (rows only, no services)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventPageFactory)
    user = factory.SubFactory(MemberFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
