"""What ``/zoeken/`` answers to twenty things a member would type: printed, not asserted.

On the seeded demo, for each query: the number of results, the first five (kind and title), the
queries the view made and its median time. Run on SQLite (``make bench``) and on PostgreSQL
(``DATABASE_URL=postgres://... make bench``) to compare the embedded default's stemmed prefixes
with PostgreSQL's Dutch stemming.
"""

import statistics
import time

import pytest

from django.db import connection
from django.test import RequestFactory

from wagtail.models import Page, Site

from loket.core.sitesearch import search_site

pytestmark = pytest.mark.benchmark

RUNS = 5
QUERIES = [
    "financiering",
    "duurzaamheid",
    "duurzaam",
    "marketing",
    "personeel",
    "personeel vinden",
    "subsidie",
    "cashflow",
    "bedrijfsovername",
    "stoppen met mijn bedrijf",
    "zwaar weer",
    "digitalisering",
    "webshop",
    "belastingen",
    "intervisie",
    "netwerken",
    "ondernemers ontmoeten",
    "hoe vind ik een goede accountant",
    "lening bij de bank",
    "export naar het buitenland",
]


def _queries(client, host, query):
    found = []

    def count(execute, sql, *args):
        found.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        assert client.get("/zoeken/", {"q": query}, HTTP_HOST=host).status_code == 200
    return len(found)


def _median_ms(client, host, query):
    timings = []
    for _i in range(RUNS):
        began = time.perf_counter()
        client.get("/zoeken/", {"q": query}, HTTP_HOST=host)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def test_twenty_member_queries_on_the_demo(client, seeded_demo):
    # The demo region: the site with the most live pages.
    site = max(
        Site.objects.select_related("root_page"),
        key=lambda s: Page.objects.live().descendant_of(s.root_page).count(),
    )
    host = site.hostname
    request = RequestFactory().get("/zoeken/", HTTP_HOST=host)
    print(f"\n/zoeken/ on {host} of the seeded demo ({connection.vendor}), the first five:")
    for query in QUERIES:
        client.get("/zoeken/", {"q": query}, HTTP_HOST=host)  # warm the site's caches
        outcome = search_site(request, site, query)
        queries = _queries(client, host, query)
        ms = _median_ms(client, host, query)
        note = " (some words)" if outcome.some_words else ""
        print(f"\n‘{query}’: {outcome.total} results{note}, {queries} queries, {ms:.0f} ms")
        for number, result in enumerate(outcome.results[:5], start=1):
            past = " (voorbij)" if result.item.is_past else ""
            print(f"  {number}. {result.kind}: {result.item.title}{past}")
