"""Benchmarks of the testimonials app: figures are printed, not asserted (run with ``make bench``).

Median server time, with 1,000 approved experiences, of the index /ervaringen/ (plain and
filtered by theme), a case page with a testimonials block, the theme page and the home page.
Django test client, so no network; the database is whatever DATABASE_URL points at.
"""

import statistics
import time
from datetime import timedelta

import pytest

from django.conf import settings
from django.db import connection
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from loket.core.models import HomePage, ThemeIndexPage
from loket.themes.models import Theme
from testimonials.models import CasePage, Experience
from testimonials.models import TestimonialsIndexPage as IndexPage

pytestmark = pytest.mark.benchmark

RUNS = 25


def _tree():
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Ondernemersloket", slug="bench-regio", hero_title="Samen verder")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    index = home.add_child(instance=IndexPage(title="Ervaringen", slug="ervaringen"))
    home.add_child(instance=ThemeIndexPage(title="Thema's", slug="themas"))
    return home, index


def _experiences(n, themes):
    now = timezone.now()
    rows = [
        Experience(
            contributor_name=f"Ondernemer {i}",
            contributor_email=f"ondernemer{i}@example.nl",
            company_name=f"Bedrijf {i}",
            sector="G",
            quote=f"Ervaring {i}: van andere ondernemers leerde ik meer dan uit welk boek ook.",
            story="Ik zat vast; collega-ondernemers lieten zien hoe zij het deden.",
            score=6 + i % 5,
            theme=themes[i % len(themes)],
            display_mode=("volledig", "voornaam", "anoniem")[i % 3],
            status="goedgekeurd",
            is_public=True,
            approved_at=now - timedelta(minutes=i),
        )
        for i in range(n)
    ]
    Experience.objects.bulk_create(rows, batch_size=500)


def _median_ms(client, url, runs=RUNS, **params):
    client.get(url, params)  # warm caches (menu, site root paths) like a running server
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return statistics.median(timings)


@pytest.mark.django_db
def test_index_and_block_page_server_time(client):
    home, index = _tree()
    themes = list(Theme.objects.all())
    began = time.perf_counter()
    _experiences(1000, themes)
    built = time.perf_counter() - began
    theme = themes[0]
    case = CasePage(
        title="Een case met ervaringen",
        slug="case-met-ervaringen",
        intro="Een bakkerij wilde groeien.",
        body=[
            {
                "type": "testimonials",
                "value": {
                    "heading": "Wat ondernemers zeggen",
                    "source": "theme",
                    "experiences": [],
                    "theme": theme.pk,
                    "count": 12,
                },
            }
        ],
    )
    index.add_child(instance=case)

    index_ms = _median_ms(client, index.url)
    filtered_ms = _median_ms(client, index.url, thema=theme.slug)
    case_ms = _median_ms(client, case.url)
    theme_ms = _median_ms(client, f"/themas/{theme.slug}/")
    home_ms = _median_ms(client, "/")

    print(
        f"\n[bench testimonials] {connection.vendor}: built 1,000 approved experiences "
        f"in {built:.1f}s\n"
        f"[bench testimonials] /ervaringen/ (12 per page of 1,000): median {index_ms:.1f} ms "
        f"over {RUNS} requests\n"
        f"[bench testimonials] /ervaringen/ filtered by theme: median {filtered_ms:.1f} ms\n"
        f"[bench testimonials] case page with a 12-item testimonials block: "
        f"median {case_ms:.1f} ms\n"
        f"[bench testimonials] theme page (registry listings): median {theme_ms:.1f} ms\n"
        f"[bench testimonials] home page (latest listings): median {home_ms:.1f} ms"
    )
