"""Benchmark of the questions radar: figures are printed, not asserted (run with ``make bench``).

50,000 posts (10,000 questions and 40,000 replies) in 20 communities of one region, half of them
private, spread over a year, with 20,000 "ik ook" marks. Median server time (Django test client,
no network) and query count of the radar for a regional community manager, over 8 and 26
weeks, and of the quarterly CSV export; the database is whatever DATABASE_URL points at.
"""

import random
import statistics
import time
from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

from community.models import (
    CommunityIndexPage,
    CommunityPage,
    Membership,
    QuestionMark,
    Reply,
    Thread,
)
from community.services.radar_report import Quarter
from loket.accounts.services.roles import region_groups
from loket.themes.models import Theme
from tests.factories import MemberFactory

pytestmark = pytest.mark.benchmark

RUNS = 5
QUESTIONS = 10_000
REPLIES = 40_000
MARKS = 20_000
SUBJECTS = [
    "personeel",
    "loonkosten",
    "energieprijzen",
    "financiering",
    "btw",
    "overname",
    "monteur",
    "vacature",
    "subsidie",
    "krediet",
    "webshop",
    "marketing",
    "verzuim",
    "cao",
    "export",
    "duurzaamheid",
    "zonnepanelen",
    "contract",
    "zzp",
    "huur",
]


def _median_ms(client, url):
    client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(url)
        total = time.perf_counter() - started
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    in_db = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"    (one run: {total * 1000:.0f} ms, of which {in_db * 1000:.0f} ms in the database;")
    for query in slowest:
        print(f"     {float(query['time']) * 1000:.0f} ms: {query['sql'][:90]}…")
    print("    )")
    return statistics.median(timings), len(queries.captured_queries)


def _world():
    call_command(
        "create_region",
        "--name",
        "Regio Utrecht",
        "--hostname",
        "utrecht.localhost",
        stdout=StringIO(),
    )
    site = Site.objects.get(hostname="utrecht.localhost")
    index = CommunityIndexPage.objects.child_of(site.root_page).get()
    # A transactional test before this one may have flushed the themes the migrations seed.
    for name in ("Personeelszaken", "Financiën", "Duurzaamheid", "Marketing"):
        Theme.objects.get_or_create(name=name, defaults={"slug": name.lower()})
    themes = list(Theme.objects.all())
    communities = []
    for n in range(20):
        community = CommunityPage(
            title=f"Community {n}",
            slug=f"community-{n}",
            intro="Samen verder.",
            is_public=n % 2 == 0,
        )
        index.add_child(instance=community)
        community.themes.set(themes[n % len(themes) : n % len(themes) + 2])
        community.save()
        communities.append(community)
    members = [MemberFactory() for _ in range(50)]
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(member=m, community=c, status="lid", joined_at=now)
        for c in communities
        for m in members
    )
    rng = random.Random(16)
    threads = []
    for i in range(QUESTIONS):
        when = now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        a, b = rng.sample(SUBJECTS, 2)
        threads.append(
            Thread(
                community=communities[i % 20],
                author=members[i % 50],
                title=f"Hoe regel ik {a} en {b}? ({i})",
                body=f"<p>Wie heeft ervaring met {a}? Ik loop vast op {b}.</p>",
                created_at=when,
                last_activity_at=when,
            )
        )
    Thread.objects.bulk_create(threads, batch_size=2000)
    threads = list(Thread.objects.order_by("pk").only("pk", "created_at"))
    Reply.objects.bulk_create(
        (
            Reply(
                thread=threads[rng.randrange(0, QUESTIONS // 2) * 2],  # half stays unanswered
                author=members[j % 50],
                body="<p>Zo deden wij het.</p>",
            )
            for j in range(REPLIES)
        ),
        batch_size=5000,
    )
    pairs = {(rng.randrange(QUESTIONS), rng.randrange(50)) for _ in range(MARKS * 2)}
    QuestionMark.objects.bulk_create(
        (QuestionMark(thread=threads[t], member=members[m]) for t, m in list(pairs)[:MARKS]),
        batch_size=5000,
    )
    manager = MemberFactory()
    manager.groups.add(region_groups(site)["communitymanager"])
    return manager


@pytest.mark.django_db
def test_radar_over_fifty_thousand_posts(client, home):
    manager = _world()
    client.force_login(manager)
    posts = Thread.objects.count() + Reply.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"\nradar on {connection.vendor}, {posts} posts, {QuestionMark.objects.count()} marks")
    for weeks in (8, 26):
        ms, queries = _median_ms(client, f"/admin/vragenradar/?weken={weeks}")
        print(f"  radar, {weeks} weeks: {ms:.0f} ms median, {queries} queries")
    quarter = Quarter.current().previous()
    ms, queries = _median_ms(client, f"/admin/vragenradar/kwartaalcijfers/?kwartaal={quarter}")
    print(f"  quarter figures (printable): {ms:.0f} ms median, {queries} queries")
