"""The event and community filters of the admin's lists offer what the staff member works on:
their regions' communities, their regions' events from 90 days ago on (not every event of forty
regions, which took seconds to render on each request), and still filter by an older event."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from community.models import CommunityIndexPage
from events.models import EventIndexPage
from tests.factories import (
    CommunityPageFactory,
    EventPageFactory,
    MemberFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTRATIONS = "wagtailsnippets_events_registration:list"
COMMUNITY_LISTS = [
    "wagtailsnippets_community_membership:list",
    "wagtailsnippets_community_flag:list",
    "wagtailsnippets_community_moderationaction:list",
    "wagtailsnippets_community_topicproposal:list",
    "wagtailsnippets_community_communityevent:list",
]


def _event(site, title, days):
    index = EventIndexPage.objects.child_of(site.root_page).get()
    start = timezone.now() + timedelta(days=days)
    return EventPageFactory(parent=index, title=title, start=start, end=start + timedelta(hours=2))


def _community(site, title):
    index = CommunityIndexPage.objects.child_of(site.root_page).get()
    return CommunityPageFactory(parent=index, title=title, slug=title.lower().replace(" ", "-"))


def offered(response, name):
    """The labels the list's filter ``name`` offers (without the empty choice)."""
    field = response.context["filters"].form.fields[name]
    return [str(label) for value, label in field.choices if value != ""]


@pytest.fixture
def events(regions):
    return {
        "own": _event(regions["x"], "Cashflow Utrecht", 10),
        "old": _event(regions["x"], "Terugblik Utrecht", -200),
        "other": _event(regions["y"], "Cashflow Gelderland", 10),
    }


def test_a_regional_manager_is_offered_the_own_regions_recent_events_only(client, events, staff_of):
    client.force_login(staff_of("x", "communitymanager"))

    response = client.get(reverse(REGISTRATIONS))

    assert response.status_code == 200
    labels = offered(response, "event")
    assert len(labels) == 1 and labels[0].startswith("Cashflow Utrecht (")


def test_a_superuser_is_offered_every_regions_recent_events_but_not_old_ones(client, events):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    labels = offered(client.get(reverse(REGISTRATIONS)), "event")

    assert sorted(label.split(" (")[0] for label in labels) == [
        "Cashflow Gelderland",
        "Cashflow Utrecht",
    ]


def test_an_old_event_chosen_in_the_url_still_filters_and_stays_selected(client, events):
    old_guest = RegistrationFactory(event=events["old"], user=MemberFactory(email="oud@x.nl")).user
    RegistrationFactory(event=events["own"], user=MemberFactory(email="nieuw@example.nl"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse(REGISTRATIONS), {"event": events["old"].pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert str(old_guest) in html and "nieuw@example.nl" not in html
    assert any(label.startswith("Terugblik Utrecht (") for label in offered(response, "event"))


@pytest.mark.parametrize("value", ["other", "999999", "abc"])
def test_an_event_outside_the_managers_regions_gives_an_empty_list(client, events, staff_of, value):
    RegistrationFactory(event=events["other"], user=MemberFactory(email="gelders@example.nl"))
    client.force_login(staff_of("x", "communitymanager"))
    event = events["other"].pk if value == "other" else value

    response = client.get(reverse(REGISTRATIONS), {"event": event})

    html = response.content.decode()
    assert response.status_code == 200
    assert "gelders@example.nl" not in html
    if value != "abc":
        assert "niet gevonden in je regio&#x27;s" in html


@pytest.mark.parametrize("url", COMMUNITY_LISTS)
def test_the_community_lists_offer_the_own_regions_communities_only(client, regions, staff_of, url):
    _community(regions["x"], "Bouw Utrecht")
    _community(regions["y"], "Bouw Gelderland")
    client.force_login(staff_of("x", "communitymanager"))

    response = client.get(reverse(url))

    assert response.status_code == 200
    assert offered(response, "community") == ["Bouw Utrecht"]
