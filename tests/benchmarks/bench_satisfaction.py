"""Benchmark of the Tevredenheid view over 100,000 scores on PostgreSQL: the report and the admin
page (national and one region), with their query counts. Figures are printed, not asserted
beyond the query count staying flat (run with ``make bench`` and DATABASE_URL on PostgreSQL).
"""

import random
import statistics
import time
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from loket.satisfaction import services
from loket.satisfaction.models import ContactKind, Rating, Resolved
from loket.themes.models import Theme
from tests.factories import MemberFactory

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres]

ROWS = 100_000
RUNS = 7


def _median_ms(fn):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.django_db
def test_the_tevredenheid_view_over_a_hundred_thousand_scores(client):
    rng = random.Random(15)  # noqa: S311 - benchmark figures, not security
    sites = list(Site.objects.all())
    second = Site.objects.create(
        hostname="gelderland.localhost",
        port=80,
        root_page=sites[0].root_page,
        site_name="Regio Gelderland",
    )
    sites.append(second)
    themes = list(Theme.objects.all()) or [Theme.objects.create(name="Financiën", slug="financien")]
    kinds = list(ContactKind.values)
    now = timezone.now()
    rows = []
    for n in range(ROWS):
        contact_at = now - timedelta(days=rng.uniform(0, 360))
        answered = rng.random() < 0.7
        rows.append(
            Rating(
                site=sites[n % len(sites)],
                kind=kinds[n % len(kinds)],
                contact_key=f"bench:{n}",
                contact_at=contact_at,
                theme=themes[n % len(themes)],
                adviser=f"Adviseur {n % 40}",
                email=f"ondernemer{n}@voorbeeld.nl",
                answered_at=contact_at + timedelta(hours=5) if answered else None,
                score=rng.randint(1, 10) if answered else None,
                ces=rng.randint(1, 5) if answered else None,
                resolved=rng.choice(Resolved.values) if answered else "",
            )
        )
    Rating.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE satisfaction_rating")
    staff = MemberFactory(email="landelijk@ondernemersloket.nl")
    staff.groups.add(Group.objects.get(name="Communicatie"))
    client.force_login(staff)
    period = services.Period((now - timedelta(days=364)).date(), now.date())
    url = reverse("satisfaction_admin:index")
    params = {"van": period.start.isoformat(), "tot": period.end.isoformat()}
    regional = {**params, "regio": str(second.pk)}

    report_ms = _median_ms(lambda: services.report(sites, period, national=True))
    page_ms = _median_ms(lambda: client.get(url, params))
    region_ms = _median_ms(lambda: client.get(url, regional))
    csv_ms = _median_ms(lambda: client.get(reverse("satisfaction_admin:csv"), regional))
    page_queries = _queries(lambda: client.get(url, params))
    with CaptureQueriesContext(connection) as captured:
        services.report(sites, period, national=True)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    found = services.report(sites, period, national=True)
    assert found.totals.asked == ROWS
    Rating.objects.filter(pk__in=Rating.objects.order_by("pk").values("pk")[:1000]).delete()
    assert _queries(lambda: client.get(url, params)) == page_queries
    print(
        f"\nTevredenheid over {ROWS:,} scores (PostgreSQL, {len(sites)} regions, 12 months): "
        f"report {report_ms:.0f} ms, national page {page_ms:.0f} ms, one region "
        f"{region_ms:.0f} ms, CSV of one region {csv_ms:.0f} ms (median of {RUNS}); "
        f"{page_queries} queries per page, the same with fewer scores"
    )
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.0f} ms  {query['sql'][:150]}")
