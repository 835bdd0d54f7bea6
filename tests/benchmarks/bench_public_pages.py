"""Every public page of the seeded demo beside a minimal Wagtail page: printed, not asserted.

For each live public page of ``seed_demo``: the median server time of an anonymous visit
(Django test client, the same middleware and routing, page cache off as in the tests) and its
query count. The baseline is a plain ``wagtailcore.Page`` under the home page, served by the
same process with a one-line template and no queries of its own. Then a cProfile top 15 (by
own time) of the three slowest pages. Run with ``make bench``.
"""

import cProfile
import io
import pstats
import statistics
import time

import pytest

from django.db import connection

from wagtail.models import Page, Site

from tests.benchmarks.report import record

pytestmark = pytest.mark.benchmark

RUNS = 15
MINIMAL_TEMPLATE = "<!doctype html><title>{{ page.title }}</title><h1>{{ page.title }}</h1>\n"


def _queries(client, url):
    found = []

    def count(execute, sql, *args):
        found.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(found)


def _median_ms(client, url):
    timings = []
    for _i in range(RUNS):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return statistics.median(timings)


def _minimal_page(settings, tmp_path, home):
    """A bare Wagtail page with the template Wagtail looks up for it: wagtailcore/page.html."""
    folder = tmp_path / "minimal-templates" / "wagtailcore"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(MINIMAL_TEMPLATE)
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path / "minimal-templates", *templates[0].get("DIRS", [])]
    settings.TEMPLATES = templates
    page = home.add_child(instance=Page(title="Minimale pagina", slug="minimale-pagina"))
    page.save_revision().publish()
    return page


def test_every_public_page_of_the_demo_beside_a_minimal_page(
    client, seeded_demo, settings, tmp_path
):
    # The demo has a home per region; the minimal page goes under the default site's.
    home = Site.objects.get(is_default_site=True).root_page.specific
    minimal = _minimal_page(settings, tmp_path, home)
    pages = [
        p for p in Page.objects.live().public().specific().order_by("path") if p.pk != minimal.pk
    ]
    rows = []
    for page in [minimal, *pages]:
        url = page.url
        if not url or client.get(url).status_code != 200:  # warm caches; skip what a visitor
            continue  # cannot open (a campaign before its start, a moved page)
        rows.append((_median_ms(client, url), _queries(client, url), url, type(page).__name__))
    base_ms = rows[0][0]
    print(f"\nPublic pages of the seeded demo ({connection.vendor}), median of {RUNS} visits:")
    print(f"{'ms':>8} {'×min':>6} {'queries':>7}  page")
    for ms, queries, url, kind in rows:
        print(f"{ms:8.1f} {ms / base_ms:6.1f} {queries:7d}  {url} ({kind})")
        record(
            f"Public pages, anonymous, page cache off ({connection.vendor}; median of {RUNS})",
            {"page": f"{url} ({kind})", "ms": ms, "× minimal": ms / base_ms, "queries": queries},
        )

    for ms, _count, url, _kind in sorted(rows, reverse=True)[:3]:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(f"\n--- profile of {url} ({ms:.1f} ms), top 15 by own time ---")
        print(out.getvalue())
