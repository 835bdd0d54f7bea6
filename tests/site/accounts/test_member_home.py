"""The member's home (``/account/``): every panel from the app that owns it, in the issue's order,
useful Dutch when empty, and a constant number of queries whatever the member has."""

import re

import pytest

from django.utils import timezone

from community.models import Membership
from tests.factories import PASSWORD, MemberFactory
from tests.home_world import build_pages, fill_home

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Wat komt eraan",
    "Mijn groepen en communities",
    "Wacht op jou",
    "Mijn tips en credits",
    "Mijn ervaringen",
    "Eerdere bijeenkomsten",
]


@pytest.fixture
def member(home):
    build_pages(home)
    return MemberFactory()


def _home(client, member):
    client.login(email=member.email, password=PASSWORD)
    response = client.get("/account/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_panel_is_filled_and_the_sections_keep_the_issues_order(client, member):
    fill_home(member, 2)
    page = _home(client, member)
    headings = re.findall(r'<h2 id="thuis-[a-z]+-titel">([^<]+)</h2>', page)
    assert headings == SECTIONS
    for text in (
        "Afmelden",  # a seat ahead can be cancelled
        "In je agenda (.ics)",
        "Van de wachtlijst af",
        "Gesprekken met het loket",
        "Intervisiegroep Groei 0",
        "Casus inbrengen",
        "1 gesprek met nieuwe berichten",
        "Plek bekijken en aannemen",
        "Nieuwe meldingen",  # unread notifications wait too
        "Alle meldingen",
        "Vraag beantwoorden",
        "Aanpassing bekijken",
        "Ingepland",  # a reward's state
        "Aangevraagd",
        "te besteden",
        "Je tips",
        "Deel je ervaring",
        "Je ervaring is gedeeld",
    ):
        assert text in page, text


def test_a_new_member_gets_useful_dutch_lines_not_empty_boxes(client, member):
    page = _home(client, member)
    assert "Je staat nog nergens voor ingeschreven" in page
    assert "Naar de agenda" in page
    assert "Je bent nog geen lid van een community" in page
    assert "Hier zie je straks de bijeenkomsten waar je was" in page
    assert "Wacht op jou" not in page  # nothing waits: the section is hidden


def test_unread_notifications_wait_on_the_home_until_the_member_opens_them(client, member):
    from loket.notifications.models import Notification

    fill_home(member, 1)
    page = _home(client, member)
    unread = Notification.objects.get(recipient=member, read_at=None)
    assert unread.title in page
    assert "Al gelezen" not in page  # a read one is not waiting
    assert 'href="/account/meldingen/"' in page
    response = client.get(f"/account/meldingen/{unread.pk}/")  # the home's link opens it
    assert response.status_code == 302
    page = client.get("/account/").content.decode()
    assert unread.title not in page
    assert "Nieuwe meldingen" not in page


def test_more_unread_notifications_than_the_panel_shows_are_counted(client, member):
    from loket.notifications.services import notify

    for i in range(7):
        notify(member, "thread_reply", key=f"many:{i}", title=f"Reactie nummer {i}", url="/")
    page = _home(client, member)
    assert "Reactie nummer 6" in page and "Reactie nummer 2" in page
    assert "Reactie nummer 1" not in page  # the five latest only
    assert "En nog 2 ongelezen meldingen." in page


def test_visiting_the_community_clears_its_unread_count(client, member):
    fill_home(member, 1)
    page = _home(client, member)
    assert "1 gesprek met nieuwe berichten" in page
    membership = Membership.objects.get(member=member)
    client.get(membership.community.url)
    membership.refresh_from_db()
    assert membership.last_visit_at > timezone.now() - timezone.timedelta(minutes=1)
    assert "nieuwe berichten" not in client.get("/account/").content.decode()


def test_after_a_meetup_the_home_suggests_communities_and_intervision_of_its_theme(
    client, member, home
):
    from datetime import timedelta

    from events.models import Registration
    from loket.themes.models import Theme
    from tests.factories import CommunityPageFactory, EventPageFactory, RegistrationFactory

    theme = Theme.objects.order_by("pk").first()
    past = EventPageFactory(start=timezone.now() - timedelta(days=3))
    past.themes.add(theme)
    past.save()  # a ParentalManyToManyField is written on save
    RegistrationFactory(event=past, user=member, status=Registration.Status.CONFIRMED)
    community = CommunityPageFactory(title="Financieel fit")
    community.themes.add(theme)
    community.save()
    page = _home(client, member)
    assert "Past bij je laatste bijeenkomst" in page
    assert "Financieel fit" in page
    assert "Intervisie over je thema" in page
    assert f"?thema={theme.slug}" in page


def _count(client, member, django_assert_max_num_queries, n, tag):
    fill_home(member, n, tag=tag)
    client.login(email=member.email, password=PASSWORD)
    client.get("/account/")  # warm the site-root and code caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/account/").status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_constant_in_the_number_of_items(client, member, home):
    # Someone else's world first, so both measured members get "Communities voor jou" too.
    _count(client, MemberFactory(), None, 1, "z")
    few = _count(client, member, None, 1, "a")
    other = MemberFactory()
    many = _count(client, other, None, 6, "b")
    print(f"/account/ queries: 1 of each -> {few}, 6 of each -> {many}")
    assert many == few
    assert few <= 40
