"""``/zoeken/`` as a member uses it: every kind of the region, word forms, one result per item,
upcoming events first, a safe snippet, filters by kind and theme, a fixed number of queries.
The same tests run on PostgreSQL under ``make test-postgres``."""

import re
import uuid
from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Thread
from loket.core.models import StandardPage
from loket.core.sitesearch import fts5_prefix_query, meaningful_terms, snippet, word_patterns
from loket.themes.models import Theme
from tests.factories import EventPageFactory, MemberFactory
from tests.factories.pages import publish

from .world import past_event

pytestmark = pytest.mark.django_db


def _titles(html):
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def _kinds(html):
    return re.findall(r'<p class="search-result__meta"><span class="badge">([^<]*)</span>', html)


def test_every_kind_of_the_region_is_found_with_its_type(client, region):
    html = client.get("/zoeken/", {"q": "zonnepanelen"}).content.decode()
    titles = _titles(html)
    for title in (
        "Zonnepanelen op je bedrijfsdak",
        "Meetup zonnepanelen en subsidie",
        "Duurzaam ondernemen",
        "Wie heeft ervaring met zonnepanelen op een huurpand?",
        "“Dankzij de meetup liggen er nu zonnepanelen op ons dak.”",
        "Van dak vol grind naar dak vol zonnepanelen",
        "Zonnepanelenweken",
    ):
        assert title in titles, title
    assert sorted(set(_kinds(html))) == sorted(
        ["Bijeenkomst", "Campagne", "Case", "Community", "Discussie", "Ervaring", "Pagina"]
    )
    assert "7 resultaten voor ‘zonnepanelen’" in html


def test_a_theme_is_found_by_its_name_and_comes_first(client, region):
    html = client.get("/zoeken/", {"q": "financiering"}).content.decode()
    assert _titles(html)[0] == "Financiering"
    assert 'href="/themas/financiering/">Financiering</a>' in html
    assert _kinds(html)[0] == "Thema"


def test_duurzaamheid_finds_what_says_duurzaam(client, region):
    html = client.get("/zoeken/", {"q": "duurzaamheid"}).content.decode()
    titles = _titles(html)
    assert titles[0] == "Duurzaamheid"  # the theme
    assert "Duurzaam ondernemen" in titles  # a community that only says "duurzaam"


def test_other_word_forms_find_the_same(client, region):
    for query in ("zonnepaneel", "Zonnepanelen", "ZONNEPANELEN", "meetups zonnepanelen"):
        titles = _titles(client.get("/zoeken/", {"q": query}).content.decode())
        assert "Meetup zonnepanelen en subsidie" in titles, query


def test_a_word_finds_the_compounds_it_starts(client, region):
    EventPageFactory(title="Netwerkavond voor starters", slug="netwerkavond")
    titles = _titles(client.get("/zoeken/", {"q": "netwerk"}).text)
    assert titles == ["Netwerkavond voor starters"]


def test_a_question_in_plain_dutch_still_finds(client, region):
    html = client.get("/zoeken/", {"q": "hoe kom ik aan zonnepanelen"}).text
    assert "Zonnepanelen op je bedrijfsdak" in _titles(html)
    assert "Niets met al je woorden" in html
    # With every word found somewhere, only what holds them all.
    html = client.get("/zoeken/", {"q": "zonnepanelen energierekening"}).text
    assert _titles(html) == ["Van dak vol grind naar dak vol zonnepanelen"]
    assert "Niets met al je woorden" not in html


def test_one_event_is_one_result_however_it_matches(client, region):
    marketing = list(Theme.objects.all()[:5])
    EventPageFactory(
        title="Marketing voor makers",
        slug="marketing-makers",
        intro="Marketing, marketing en nog eens marketing.",
        themes=marketing,
    )
    html = client.get("/zoeken/", {"q": "marketing"}).content.decode()
    assert _titles(html).count("Marketing voor makers") == 1


def test_a_series_is_one_result_at_its_next_date(client, region):
    series = uuid.uuid4()
    for week in (3, 1, 4, 2, 5):
        start = timezone.now() + timedelta(weeks=week)
        EventPageFactory(
            title="Marketingcafé",
            slug=f"marketingcafe-{week}",
            start=start,
            end=start + timedelta(hours=2),
            series_id=series,
        )
    html = client.get("/zoeken/", {"q": "marketingcafé"}).content.decode()
    assert _titles(html) == ["Marketingcafé"]
    assert "en nog 4 data" in html
    assert 'href="/bijeenkomsten/marketingcafe-1/"' in html  # the soonest date


def test_upcoming_events_first_past_ones_last(client, region):
    past_event(title="Zonnepanelen: terugblik", slug="terugblik")
    EventPageFactory(
        title="Zonnepanelen: volgende maand",
        slug="volgende-maand",
        start=timezone.now() + timedelta(days=40),
        end=timezone.now() + timedelta(days=40, hours=2),
    )
    titles = _titles(client.get("/zoeken/", {"q": "zonnepanelen"}).content.decode())
    assert titles.index("Meetup zonnepanelen en subsidie") < titles.index(
        "Zonnepanelen: volgende maand"
    )
    assert titles[-1] == "Zonnepanelen: terugblik"


def test_the_snippet_shows_the_match_highlighted_and_escaped(client, home):
    publish(
        home,
        StandardPage(
            title="Verzekeringen",
            slug="verzekeringen",
            intro="Welke verzekering heb je nodig? " * 8
            + "<script>alert(1)</script> Een aansprakelijkheidsverzekering <b>altijd</b>.",
        ),
    )
    html = client.get("/zoeken/", {"q": "aansprakelijkheidsverzekering"}).content.decode()
    part = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>aansprakelijkheidsverzekering</mark>" in part
    assert part.startswith("… ")
    assert "<script>" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<b>" not in part


def test_snippet_escapes_every_part():
    patterns = word_patterns(["geld"])
    text = '<img src=x onerror="alert(1)"> Geld & <geld> "geld"'
    result = str(snippet(text, patterns))
    assert "<img" not in result
    assert "<mark>Geld</mark> &amp;" in result
    assert "&quot;<mark>geld</mark>&quot;" in result


def test_filter_by_kind_keeps_the_counts_of_all_kinds(client, region):
    html = client.get("/zoeken/", {"q": "zonnepanelen", "soort": "bijeenkomst"}).text
    assert _titles(html) == ["Meetup zonnepanelen en subsidie"]
    assert 'Alles <span class="search-kinds__count">(7)</span>' in html
    assert 'aria-current="true">Bijeenkomsten <span class="search-kinds__count">(1)' in html
    assert 'href="?q=zonnepanelen&amp;soort=case"' in html


def test_filter_by_theme(client, region, theme):
    html = client.get("/zoeken/", {"q": "zonnepanelen", "thema": theme.slug}).text
    titles = _titles(html)
    assert "Meetup zonnepanelen en subsidie" in titles
    assert "Zonnepanelenweken" in titles
    assert "Zonnepanelen op je bedrijfsdak" not in titles  # a page without themes
    assert "binnen het thema Duurzaamheid" in html
    assert '<option value="duurzaamheid" selected>' in html


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"thema": "bestaat-niet"}, "Dat thema kennen we niet"),
        ({"soort": "geheim"}, "Die soort kennen we niet"),
        ({"thema": "\x00'\"<x>"}, "Dat thema kennen we niet"),
    ],
)
def test_unknown_filters_are_said_and_ignored(client, region, params, notice):
    response = client.get("/zoeken/", {"q": "zonnepanelen", **params})
    assert response.status_code == 200
    assert notice in response.text
    assert "7 resultaten" in response.text


def test_sqlite_query_is_stemmed_prefixes_only():
    assert (
        fts5_prefix_query(["duurzaamheid", "financieringen"])
        == '("duurzaam"* OR "duurzam"*) AND "financier"*'
    )
    assert fts5_prefix_query(["OR", "NEAR"]) == '"or" AND "near"*'
    assert fts5_prefix_query(["zonnepaneel"]) == '("zonnepaneel"* OR "zonnepanel"*)'
    assert fts5_prefix_query(["panelen"]) == '("panel"* OR "paneel"*)'
    assert fts5_prefix_query(["bedrijven"]) == '("bedrijv"* OR "bedrijf"*)'
    assert meaningful_terms("hoe vind ik personeel") == ["vind", "personeel"]
    assert meaningful_terms("de het een") == ["de", "het", "een"]


def _add_one_of_each(start, count):
    community = next(iter(Thread.objects.all())).community
    member = MemberFactory()
    for i in range(start, start + count):
        EventPageFactory(title=f"Zonnepanelen avond {i}", slug=f"avond-{i}")
        Thread.objects.create(
            community=community, author=member, title=f"Zonnepanelen vraag {i}", body="Wie weet?"
        )


def test_query_count_does_not_grow_with_results(client, region, django_assert_num_queries):
    _add_one_of_each(0, 2)
    client.get("/zoeken/", {"q": "zonnepanelen"})
    with CaptureQueriesContext(connection) as few:
        client.get("/zoeken/", {"q": "zonnepanelen"})
    few_queries = len(few.captured_queries)  # now: the log is a ring that later writes turn
    _add_one_of_each(2, 12)
    client.get("/zoeken/", {"q": "zonnepanelen"})  # publishing emptied the site's caches
    with django_assert_num_queries(few_queries):
        response = client.get("/zoeken/", {"q": "zonnepanelen"})
    assert "35 resultaten" in response.text
