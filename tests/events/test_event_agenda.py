"""The agenda at /bijeenkomsten/: upcoming first, filters in the URL, archive, query counts."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.models import EventPage
from events.views import latest_upcoming, upcoming_for_theme
from loket.core import registry
from loket.themes.models import Theme

pytestmark = pytest.mark.django_db


def titles(response):
    return [e.title for e in response.context["events"]]


@pytest.fixture
def themes(db):
    finance = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]
    staff = Theme.objects.get_or_create(
        slug="personeelszaken", defaults={"name": "Personeelszaken"}
    )[0]
    return finance, staff


class TestListing:
    def test_upcoming_events_soonest_first_past_ones_left_out(self, client, agenda, make_event):
        now = timezone.now()
        later = make_event(title="Later", start=now + timedelta(days=20))
        sooner = make_event(title="Eerder", start=now + timedelta(days=2))
        make_event(title="Voorbij", start=now - timedelta(days=3))

        response = client.get(agenda.url)

        assert response.status_code == 200
        assert titles(response) == [sooner.title, later.title]
        assert "2 bijeenkomsten gevonden" in response.content.decode()

    def test_an_event_in_progress_is_still_listed(self, client, agenda, make_event):
        make_event(title="Bezig", start=timezone.now() - timedelta(minutes=30))
        assert titles(client.get(agenda.url)) == ["Bezig"]

    def test_the_archive_lists_past_events_latest_first(self, client, agenda, make_event):
        now = timezone.now()
        make_event(title="Komt nog", start=now + timedelta(days=2))
        make_event(title="Vorige maand", start=now - timedelta(days=30))
        make_event(title="Vorige week", start=now - timedelta(days=7))

        response = client.get(agenda.url + "archief/")

        assert response.status_code == 200
        assert titles(response) == ["Vorige week", "Vorige maand"]
        assert "Eerdere bijeenkomsten" in response.content.decode()

    def test_drafts_are_not_listed(self, client, agenda, make_event):
        event = make_event(title="Concept")
        event.unpublish()
        assert titles(client.get(agenda.url)) == []

    def test_cards_show_seats_left_and_status(self, client, agenda, make_event, make_member):
        few = make_event(title="Bijna vol", capacity=4)
        for _ in range(2):
            services.register_for_event(few, make_member())
        full = make_event(title="Vol", capacity=1)
        services.register_for_event(full, make_member())
        make_event(title="Afgelast", cancelled=True, cancellation_reason="Ziek.")

        html = client.get(agenda.url).content.decode()

        assert "Nog 2 plekken" in html
        assert "Vol, wachtlijst open" in html
        assert "Geannuleerd" in html

    def test_paginated_with_filters_kept(self, client, agenda, make_event, themes):
        for i in range(14):
            make_event(
                title=f"Sessie {i:02}",
                themes=[themes[0]],
                start=timezone.now() + timedelta(days=i + 1),
            )

        first = client.get(agenda.url, {"thema": "financien"})
        second = client.get(agenda.url, {"thema": "financien", "pagina": 2})
        beyond = client.get(agenda.url, {"pagina": "999"})
        nonsense = client.get(agenda.url, {"pagina": "een"})

        assert len(titles(first)) == 12
        assert titles(second) == ["Sessie 12", "Sessie 13"]
        assert "thema=financien" in first.content.decode().split('rel="next"')[1][:200]
        assert beyond.status_code == nonsense.status_code == 200
        assert titles(nonsense) == titles(first)


class TestFilters:
    @pytest.fixture
    def spread(self, make_event, themes):
        finance, staff = themes
        now = timezone.now()
        make_event(
            title="Cashflow Utrecht",
            themes=[finance],
            region="utrecht",
            start=now + timedelta(days=3),
        )
        make_event(
            title="Personeel online",
            themes=[staff],
            region="",
            format="online",
            venue_name="",
            online_url="https://meet.example.nl/x",
            event_type="workshop",
            start=now + timedelta(days=10),
        )
        make_event(
            title="Borrel Zwolle",
            themes=[finance, staff],
            region="overijssel",
            event_type="businessborrel",
            start=now + timedelta(days=40),
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"thema": "financien"}, ["Cashflow Utrecht", "Borrel Zwolle"]),
            ({"thema": "personeelszaken"}, ["Personeel online", "Borrel Zwolle"]),
            ({"regio": "overijssel"}, ["Borrel Zwolle"]),
            ({"vorm": "online"}, ["Personeel online"]),
            ({"soort": "businessborrel"}, ["Borrel Zwolle"]),
            ({"soort": "workshop", "vorm": "online"}, ["Personeel online"]),
            ({"thema": "financien", "regio": "utrecht"}, ["Cashflow Utrecht"]),
        ],
    )
    def test_filters_combine(self, client, agenda, spread, query, expected):
        assert titles(client.get(agenda.url, query)) == expected

    def test_date_range(self, client, agenda, spread):
        today = timezone.localdate()
        query = {
            "van": (today + timedelta(days=5)).isoformat(),
            "tot": (today + timedelta(days=20)).isoformat(),
        }
        assert titles(client.get(agenda.url, query)) == ["Personeel online"]

    @pytest.mark.parametrize(
        "query",
        [
            {"thema": "bestaat-niet"},
            {"regio": "atlantis"},
            {"vorm": "per-post"},
            {"soort": "<script>"},
            {"van": "gisteren"},
            {"van": "2026-13-45"},
            {"tot": "99999-01-01"},
        ],
    )
    def test_invalid_values_are_ignored_with_a_message(self, client, agenda, spread, query):
        response = client.get(agenda.url, query)
        assert response.status_code == 200
        assert len(titles(response)) == 3
        assert "overgeslagen" in response.content.decode()

    def test_an_end_before_the_start_is_ignored(self, client, agenda, spread):
        today = timezone.localdate()
        response = client.get(
            agenda.url, {"van": (today + timedelta(days=9)).isoformat(), "tot": today.isoformat()}
        )
        assert titles(response) == ["Personeel online", "Borrel Zwolle"]
        assert "overgeslagen" in response.content.decode()

    def test_the_form_works_without_javascript_and_shows_the_choice(self, client, agenda, spread):
        html = client.get(agenda.url, {"thema": "financien"}).content.decode()
        assert '<form class="form agenda-filters" method="get"' in html
        assert '<option value="financien" selected>' in html
        assert "Wis filters" in html
        assert "ical/?thema=financien" in html


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestQueryCounts:
    def _grow(self, make_event, make_member, themes, n):
        start = timezone.now() + timedelta(days=1)
        for i in range(n):
            event = make_event(start=start + timedelta(hours=i), themes=list(themes))
            if i % 5 == 0:
                services.register_for_event(event, make_member())

    def test_the_agenda_does_not_grow_with_the_number_of_events(
        self, client, agenda, make_event, make_member, themes
    ):
        self._grow(make_event, make_member, themes, 10)
        client.get(agenda.url)  # warm the site-root cache like any running server
        small = count_queries(client, agenda.url)
        small_filtered = count_queries(client, agenda.url, thema="financien")
        self._grow(make_event, make_member, themes, 90)
        client.get(agenda.url)  # publishing invalidated the cached menu; rebuild it first
        large = count_queries(client, agenda.url)
        large_filtered = count_queries(client, agenda.url, thema="financien")
        archive = count_queries(client, agenda.url + "archief/")

        assert small == large
        assert small_filtered == large_filtered
        assert large <= 15
        assert archive <= 15

    def test_the_event_page_does_not_grow_with_registrations_or_events(
        self, client, agenda, make_event, make_member, themes
    ):
        event = make_event(capacity=500, themes=list(themes))
        for _ in range(3):
            services.register_for_event(event, make_member())
        client.get(event.url)
        small = count_queries(client, event.url)
        for _ in range(30):
            services.register_for_event(event, make_member())
        self._grow(make_event, make_member, themes, 20)
        client.get(event.url)  # publishing invalidated the cached menu; rebuild it first
        assert count_queries(client, event.url) == small
        assert small <= 20


class TestRegistry:
    def test_theme_pages_get_upcoming_events_of_their_theme(self, make_event, themes):
        finance, staff = themes
        make_event(title="Over geld", themes=[finance])
        make_event(title="Over mensen", themes=[staff])
        make_event(title="Afgelast", themes=[finance], cancelled=True, cancellation_reason="Ziek.")
        make_event(title="Geweest", themes=[finance], start=timezone.now() - timedelta(days=3))

        assert [e.title for e in upcoming_for_theme(theme=finance)] == ["Over geld"]
        listings = registry.collect("by_theme", theme=finance, limit=6)
        listing = next(item for item in listings if item.name == "events")
        assert listing.template == "events/includes/event_list.html"
        assert [e.title for e in latest_upcoming(limit=3)] == ["Over geld", "Over mensen"]

    def test_the_listing_template_renders(self, make_event, themes, rf):
        from loket.core.templatetags.listing_tags import render_listing

        make_event(title="Over geld", themes=[themes[0]])
        listing = next(
            item for item in registry.collect("by_theme", theme=themes[0]) if item.name == "events"
        )
        html = render_listing({"request": rf.get("/")}, listing)
        assert "Over geld" in html
        assert "/bijeenkomsten/" in html

    def test_event_pages_are_not_in_the_tree_under_anything_but_the_agenda(self):
        assert EventPage.parent_page_types == ["events.EventIndexPage"]
        assert EventPage.subpage_types == []
