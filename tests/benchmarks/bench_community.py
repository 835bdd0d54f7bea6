"""Benchmarks of the community app: figures are printed, not asserted (run with ``make bench``).

Median server time (Django test client, no network) of a community page and its thread list with
1,000 threads, and of a thread with 500 replies; the database is whatever DATABASE_URL points at.
"""

import statistics
import time

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Site

from community.models import CommunityIndexPage, CommunityPage, Membership, Reply, Thread
from tests.factories import MemberFactory

pytestmark = pytest.mark.benchmark

RUNS = 25


def _community():
    from django.conf import settings

    from wagtail.models import Locale

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(title="Home", slug="home")
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    index = CommunityIndexPage(title="Communities", slug="communities")
    site.root_page.add_child(instance=index)
    community = CommunityPage(title="Groeien met personeel", slug="groeien", intro="Samen verder.")
    index.add_child(instance=community)
    return community


def _median_ms(client, url):
    client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries.captured_queries)


@pytest.mark.django_db
def test_community_and_thread_pages_with_many_threads_and_replies(client):
    community = _community()
    members = [MemberFactory() for _ in range(20)]
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(member=m, community=community, status="lid", joined_at=now) for m in members
    )
    Thread.objects.bulk_create(
        Thread(
            community=community,
            author=members[i % 20],
            title=f"Hoe pakken jullie dit aan? ({i})",
            body="<p>Een vraag van een ondernemer.</p>",
            last_activity_at=now,
        )
        for i in range(1000)
    )
    thread = Thread.objects.order_by("pk").first()
    Reply.objects.bulk_create(
        Reply(thread=thread, author=members[i % 20], body="<p>Zo deden wij het.</p>")
        for i in range(500)
    )
    client.force_login(members[0])
    base = community.get_url()
    figures = {
        "community page, 1,000 threads": _median_ms(client, base),
        "thread list, 1,000 threads": _median_ms(client, base + "discussies/"),
        "thread with 500 replies (page 1 of 10)": _median_ms(
            client, base + f"discussies/{thread.pk}/"
        ),
    }
    print(f"\nCommunity benchmarks ({connection.vendor}, median of {RUNS} requests):")
    for label, (ms, queries) in figures.items():
        print(f"  {label}: {ms:.1f} ms, {queries} queries")
