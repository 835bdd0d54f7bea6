"""Search at /zoeken/: live pages of this site only, paginated, friendly when nothing is found."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from loket.core.models import HomePage, StandardPage
from loket.core.views import SEARCH_PAGE_SIZE


def _page(parent, title, slug, intro="", **kwargs):
    return parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, **kwargs))


@pytest.fixture
def pages(home_page):
    return [
        _page(home_page, "Personeel vinden", "personeel", "Zo vind je goede vakmensen."),
        _page(home_page, "Cashflow in de gaten", "cashflow", "Grip op je geld."),
    ]


def test_search_finds_live_pages(client, pages):
    response = client.get("/zoeken/", {"q": "vakmensen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 resultaat voor ‘vakmensen’" in html
    assert 'href="/personeel/">Personeel vinden</a>' in html
    assert "Cashflow" not in html


def test_search_without_results_says_so(client, pages):
    response = client.get("/zoeken/", {"q": "ruimtevaart"})
    assert response.status_code == 200
    assert "We vonden niets voor ‘ruimtevaart’." in response.content.decode()


def test_empty_search_invites_a_query(client, pages):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/zoeken/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Typ een paar woorden" in html
        assert "resultaten voor" not in html


def test_search_escapes_the_query(client, pages):
    response = client.get("/zoeken/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_leaves_out_drafts_private_pages_and_other_sites(client, home_page, root_page):
    _page(home_page, "Subsidie zichtbaar", "zichtbaar", "Subsidie voor iedereen.")
    _page(home_page, "Subsidie concept", "concept", "Subsidie in de maak.", live=False)
    private = _page(home_page, "Subsidie besloten", "besloten", "Subsidie voor de groep.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    other_home = root_page.add_child(
        instance=HomePage(title="Regio Zwolle", slug="zwolle", hero_title="Welkom in Zwolle")
    )
    Site.objects.create(hostname="zwolle.example", root_page=other_home)
    _page(other_home, "Subsidie in Zwolle", "zwolle-subsidie", "Subsidie voor Zwolle.")

    html = client.get("/zoeken/", {"q": "subsidie"}).content.decode()
    assert "Subsidie zichtbaar" in html
    assert "Subsidie concept" not in html
    assert "Subsidie besloten" not in html
    assert "Subsidie in Zwolle" not in html

    html = client.get("/zoeken/", {"q": "subsidie"}, HTTP_HOST="zwolle.example").content.decode()
    assert "Subsidie in Zwolle" in html
    assert "Subsidie zichtbaar" not in html


@pytest.fixture
def many_pages(home_page):
    return [
        _page(home_page, f"Stap {i}", f"stap-{i}", "Een stappenplan voor starters.")
        for i in range(SEARCH_PAGE_SIZE + 3)
    ]


def test_search_is_paginated(client, many_pages):
    first = client.get("/zoeken/", {"q": "stappenplan"}).content.decode()
    assert f"{SEARCH_PAGE_SIZE + 3} resultaten" in first
    assert "Pagina 1 van 2" in first
    assert 'href="?q=stappenplan&amp;pagina=2"' in first
    second = client.get("/zoeken/", {"q": "stappenplan", "pagina": "2"}).content.decode()
    assert second.count('class="search-results"') == 1
    assert second.count('<li class="search-result">') == 3


@pytest.mark.parametrize("page_number", ["abc", "999", "-1", "0", "1.5", ""])
def test_bad_page_numbers_never_fail(client, many_pages, page_number):
    response = client.get("/zoeken/", {"q": "stappenplan", "pagina": page_number})
    assert response.status_code == 200
    assert "resultaten voor" in response.content.decode()


def test_search_only_answers_get(client, home_page):
    assert client.post("/zoeken/", {"q": "x"}).status_code == 405


def test_search_query_count_does_not_grow_with_results(
    client, home_page, django_assert_num_queries
):
    for i in range(2):
        _page(home_page, f"Marketing tip {i}", f"tip-{i}", "Marketing voor het mkb.")
    client.get("/zoeken/", {"q": "marketing"})
    with CaptureQueriesContext(connection) as few:
        client.get("/zoeken/", {"q": "marketing"})
    few_queries = len(few.captured_queries)
    for i in range(2, 10):
        _page(home_page, f"Marketing tip {i}", f"tip-{i}", "Marketing voor het mkb.")
    with django_assert_num_queries(few_queries):
        response = client.get("/zoeken/", {"q": "marketing"})
    assert "10 resultaten" in response.content.decode()
