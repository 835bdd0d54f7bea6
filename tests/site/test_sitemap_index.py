"""``sitemap.xml`` of a large site: a sitemap index with a sitemap per section.

Below ``SITEMAP_LIMIT`` pages a search engine gets one plain sitemap, as before; above it an
index that points to a sitemap per section (the app of the page type), each split in files of
``SITEMAP_LIMIT`` pages, and together they list exactly the URLs of the plain sitemap.
"""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Thread
from tests.factories import CommunityPageFactory, EventPageFactory, MemberFactory

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>([^<]+)</loc>")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/xml")
    return response.content.decode()


def public_community(i, author):
    community = CommunityPageFactory(is_public=True, title=f"Open {i}", slug=f"open-{i}")
    Thread.objects.create(community=community, author=author, title="Wie weet?", body="Vraag")
    return community


@pytest.fixture
def site_with_sections(home):
    author = MemberFactory()
    for _ in range(7):
        EventPageFactory()
    for i in range(4):
        public_community(i, author)


def test_a_small_site_keeps_one_plain_sitemap(client, site_with_sections):
    xml = get(client, "/sitemap.xml")

    assert "<urlset" in xml and "<sitemapindex" not in xml
    locs = LOC.findall(xml)
    assert "http://localhost/" in locs
    assert sum("/bijeenkomsten/grip-op-je-cashflow-" in loc for loc in locs) == 7
    assert sum("/discussies/" in loc for loc in locs) == 4


def test_above_the_limit_the_sitemap_is_an_index_of_sections(client, settings, site_with_sections):
    plain = set(LOC.findall(get(client, "/sitemap.xml")))
    settings.SITEMAP_LIMIT = 5

    index = get(client, "/sitemap.xml")

    assert "<sitemapindex" in index
    # On the host the index was asked for (the test client's).
    files = [loc.removeprefix("http://testserver") for loc in LOC.findall(index)]
    assert "/sitemap-events.xml" in files
    assert "/sitemap-events.xml?p=2" in files  # 7 events, 5 a file
    assert "/sitemap-community.xml" in files
    assert "/sitemap-wagtailcore.xml" in files  # the test's home is a plain Wagtail page
    listed = []
    for url in files:
        xml = get(client, url)
        assert "<urlset" in xml
        listed += LOC.findall(xml)
    assert len(listed) == len(set(listed))  # no URL in two files
    assert set(listed) == plain


def test_an_unknown_section_or_page_of_the_sitemap_is_not_found(
    client, settings, site_with_sections
):
    settings.SITEMAP_LIMIT = 5
    assert client.get("/sitemap-onbekend.xml").status_code == 404
    assert client.get("/sitemap-events.xml?p=9").status_code == 404
    assert client.get("/sitemap-events.xml?p=twee").status_code == 404


def count_queries(client, url):
    client.get(url)  # new pages empty the per-process caches: warm them first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_section_file_and_the_index_cost_the_same_queries_with_more_pages(client, settings, home):
    settings.SITEMAP_LIMIT = 40
    author = MemberFactory()
    for i in range(3):
        public_community(i, author)
        EventPageFactory()
    section, index = count_queries(client, "/sitemap-community.xml"), None
    settings.SITEMAP_LIMIT = 5
    index = count_queries(client, "/sitemap.xml")

    for i in range(3, 30):
        public_community(i, author)
        EventPageFactory()
    assert count_queries(client, "/sitemap.xml") == index
    settings.SITEMAP_LIMIT = 40
    assert count_queries(client, "/sitemap-community.xml") == section
    xml = get(client, "/sitemap-community.xml")
    assert sum("/discussies/" in loc for loc in LOC.findall(xml)) == 30
