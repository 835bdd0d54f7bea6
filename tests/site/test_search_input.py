"""Every search box searches what was typed as plain text: query syntax, NUL and very long input
never give a 5xx, on SQLite and on PostgreSQL (the same tests run under ``make test-postgres``)."""

import pytest

from django.urls import NoReverseMatch, reverse

from wagtail.admin.viewsets import viewsets
from wagtail.models import Page

from community.listings import search_public_threads
from community.services import discussions
from loket.core.models import StandardPage
from loket.core.search import clean_query, search_terms, search_text
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    MemberFactory,
    MembershipFactory,
)

BAD_QUERIES = [
    '"',
    '"financiering',
    "\x00",
    "subsidie\x00",
    "*",
    "fin*",
    "OR",
    "subsidie OR",
    "AND NOT",
    "NEAR(",
    "NEAR(subsidie financiering, 2)",
    "-",
    "-subsidie",
    "(",
    "subsidie)",
    "((a OR b)",
    "^",
    ":",
    "title:subsidie",
    "'",
    "\\",
    "%",
    "subsidie & | ! <-> :*",
    "x" * 10_240,
    "subsidie " * 1200,
    "١٢٣",
]


@pytest.fixture
def pages(home):
    home.add_child(
        instance=StandardPage(title="Subsidie voor starters", slug="subsidie", intro="Geld.")
    )
    return home


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_site_search_answers_any_query(client, pages, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_site_search_still_finds_words_among_syntax(client, pages):
    for query in ('"subsidie', "subsidie*", "(subsidie", "subsidie)", "-subsidie"):
        html = client.get("/zoeken/", {"q": query}).content.decode()
        assert "1 resultaat voor" in html, query


def test_query_syntax_is_kept_as_plain_words():
    assert search_terms('NEAR("subsidie" OR fin*)') == ["NEAR", "subsidie", "OR", "fin"]
    assert search_terms('"\x00*-()') == []
    assert clean_query("a\x00b\tc") == "a b c"
    assert len(clean_query("x" * 10_240)) == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_search_text_never_raises(pages, query):
    list(search_text(Page.objects.live(), query))


@pytest.fixture
def public_thread(home):
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, title="Open", slug="open", is_public=True)
    member = MemberFactory()
    MembershipFactory(member=member, community=community, status="lid")
    return discussions.start_thread(
        community, member, kind="tip", title="Subsidie aanvragen", body="Zo doe je dat."
    )


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_thread_search_answers_any_query(public_thread, query):
    list(search_public_threads(query))


def _admin_search_urls():
    urls = ["/admin/pages/search/"]
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is None or not hasattr(viewset, "get_url_name"):
            continue
        try:
            urls.append(reverse(viewset.get_url_name("index")))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


def test_admin_searches_answer_any_query(client, pages):
    admin = MemberFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    failures = []
    for url in _admin_search_urls():
        for query in ('"', "\x00", "NEAR(", "((a OR b)", "fin* -x", "x" * 10_240):
            status = client.get(url, {"q": query}).status_code
            if status >= 500:
                failures.append((url, repr(query[:20]), status))
    assert failures == []


def test_the_attendee_search_answers_any_query(client, home):
    event = EventPageFactory()
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    attendees = reverse("events_admin:attendees", args=[event.pk])
    check_in = reverse("events_admin:check_in", args=[event.pk, 999_999])
    for query in BAD_QUERIES + ["a\nLocation: https://evil.example", "a&b=c#d"]:
        assert client.get(attendees, {"q": query}).status_code == 200, repr(query[:20])
        response = client.post(check_in, {"q": query})
        assert response.status_code == 302, repr(query[:20])
        assert response["Location"].startswith(attendees)
        location = response["Location"]
        assert "\n" not in location and "\x00" not in location
