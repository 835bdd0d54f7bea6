"""The admin's regions overview: every region with its members, staff, events this quarter and
active communities, for national staff; a region's staff see their own row only."""

from datetime import timedelta
from io import StringIO

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import CommunityIndexPage, Thread
from events.models import EventIndexPage
from tests.factories import MemberFactory
from tests.factories.community import CommunityPageFactory
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db

URL = reverse("loket_regions")


def _index(model, site):
    return model.objects.descendant_of(site.root_page).get()


def _fill(site, members, events, communities, quiet=0):
    for _ in range(members):
        MemberFactory(profile__home_site=site)
    agenda = _index(EventIndexPage, site)
    for _ in range(events):
        EventPageFactory(parent=agenda, start=timezone.now())
    EventPageFactory(parent=agenda, start=timezone.now() + timedelta(days=200))  # next quarter
    index = _index(CommunityIndexPage, site)
    author = MemberFactory()
    for n in range(communities + quiet):
        community = CommunityPageFactory(parent=index)
        Thread.objects.create(
            community=community,
            author=author,
            title="Hoe vind ik een goede boekhouder?",
            body="<p>Tips welkom.</p>",
            last_activity_at=timezone.now() - timedelta(days=200 if n >= communities else 3),
        )


def _row(response, site):
    return next(row for row in response.context["rows"] if row.site == site)


def test_national_staff_see_every_region_with_its_figures(client, regions, staff_of):
    _fill(regions["x"], members=3, events=2, communities=1, quiet=1)
    _fill(regions["y"], members=1, events=1, communities=2)
    staff_of("x", "communitymanager")
    national = MemberFactory(is_staff=True)
    national.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(national)

    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["labels"] == [
        "Bijeenkomsten dit kwartaal",
        "Actieve communities (90 dagen)",
    ]
    x, y = _row(response, regions["x"]), _row(response, regions["y"])
    assert (x.members, x.staff, x.figures) == (3, 1, [2, 1])
    assert (y.members, y.staff, y.figures) == (1, 0, [1, 2])
    assert "Regio Utrecht" in response.text and "Regio Gelderland" in response.text
    assert "Alle regio&#x27;s" in response.text


def test_a_regions_staff_see_only_their_own_row(client, regions, staff_of):
    client.force_login(staff_of("y", "regiobeheer"))
    response = client.get(URL)
    assert response.status_code == 200
    assert [row.site for row in response.context["rows"]] == [regions["y"]]
    assert "Regio Utrecht" not in response.text


def test_a_member_never_reaches_it(client, regions):
    client.force_login(MemberFactory())
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Regio Utrecht" not in response.text


def test_the_overview_costs_the_same_queries_for_two_regions_or_six(client, regions, settings):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.get(URL)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as two:
        assert client.get(URL).status_code == 200
    for n in range(4):
        call_command(
            "create_region",
            "--name",
            f"Regio Test {n}",
            "--hostname",
            f"test{n}.localhost",
            stdout=StringIO(),
        )
    with CaptureQueriesContext(connection) as six:
        response = client.get(URL)
    assert len(response.context["rows"]) >= 6
    assert len(six.captured_queries) == len(two.captured_queries)
