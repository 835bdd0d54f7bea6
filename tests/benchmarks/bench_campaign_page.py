"""Benchmark of a campaign landing page: figures are printed, not asserted (``make bench``).

Median server time (Django test client, 25 runs) and query count of the demo launch campaign
"Een kritische blik" with every block type, over 30 upcoming events, 30 public communities and
200 experiences of its theme. The database is whatever DATABASE_URL points at (SQLite or
PostgreSQL), named in the output.
"""

import statistics
import time
from datetime import timedelta

import pytest

from django.db import connection
from django.utils import timezone

from campaigns import page_demo
from campaigns.blocks import CampaignStreamBlock
from campaigns.pages import CampaignPage
from community.models import CommunityIndexPage, CommunityPage
from events.models import EventIndexPage, EventPage
from loket.core.seeding import SeedContext
from loket.themes.models import Theme
from testimonials.models import Ambassador, Experience
from testimonials.models import TestimonialsIndexPage as ExperienceIndex

pytestmark = pytest.mark.benchmark

RUNS = 25


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _content(home, theme):
    agenda = _publish(home, EventIndexPage(title="Agenda", slug="agenda"))
    communities = _publish(home, CommunityIndexPage(title="Communities", slug="communities"))
    _publish(home, ExperienceIndex(title="Ervaringen", slug="ervaringen"))
    start = timezone.now() + timedelta(days=3)
    for i in range(30):
        event = EventPage(
            title=f"Gevonden worden online {i}",
            slug=f"gevonden-worden-{i}",
            intro="Ondernemers laten zien hoe klanten hen online vinden.",
            start=start + timedelta(days=i),
            end=start + timedelta(days=i, hours=2),
            capacity=30,
            venue_name="Het Ondernemershuis",
            municipality="Utrecht",
        )
        agenda.add_child(instance=event)
        event.themes.set([theme])
        event.save_revision().publish()
        community = CommunityPage(
            title=f"Zichtbaar ondernemen {i}",
            slug=f"zichtbaar-{i}",
            intro="Ondernemers helpen elkaar online beter gevonden te worden.",
            is_public=True,
        )
        communities.add_child(instance=community)
        community.themes.set([theme])
        community.save_revision().publish()
    Experience.objects.bulk_create(
        Experience(
            contributor_name=f"Ondernemer {i}",
            contributor_email=f"ondernemer{i}@example.nl",
            company_name=f"Bedrijf {i}",
            sector="G",
            quote=f"Ervaring {i}: sinds de kritische blik vinden klanten me wel.",
            score=9,
            theme=theme,
            display_mode="volledig",
            status="goedgekeurd",
            is_public=True,
            approved_at=timezone.now() - timedelta(minutes=i),
        )
        for i in range(200)
    )
    Ambassador.objects.create(
        name="Yasmina Bouali",
        slug="yasmina-bouali",
        company="Bouali Schoonmaak",
        quote="Ondernemen doe je samen.",
        consent_text="Akkoord met tonen op de website.",
        consent_at=timezone.now(),
    )


def _median_ms(client, url):
    timings = []
    for _i in range(RUNS):
        began = time.perf_counter()
        response = client.get(url, {"utm_source": "nieuwsbrief"})
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return statistics.median(timings)


def test_campaign_landing_page_server_time(client, home):
    theme = Theme.objects.get(slug="marketing")
    _content(home, theme)
    page_demo.seed_campaign_pages(SeedContext(options={}, home=home))
    launch = CampaignPage.objects.get(code=page_demo.LAUNCH_CODE)
    used = {block.block_type for block in launch.body}
    assert used == set(CampaignStreamBlock.base_blocks)

    client.get(launch.url)  # warm the site, settings and menu caches
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        client.get(launch.url)
    landing_ms = _median_ms(client, launch.url)
    status_ms = statistics.median(
        _timed(client, f"/campagne-status/{launch.code}/") for _i in range(RUNS)
    )
    index_ms = _median_ms(client, "/campagnes/")
    print(
        f"\n[bench campaign page] {connection.vendor}: landing page with all "
        f"{len(used)} block types: median {landing_ms:.1f} ms, {len(queries)} queries; "
        f"status fetch {status_ms:.1f} ms; /campagnes/ {index_ms:.1f} ms ({RUNS} runs)"
    )


def _timed(client, url):
    began = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - began) * 1000
