"""Benchmarks of the events app: figures are printed, not asserted (run with ``make bench``).

- median server time of the agenda with 1,000 upcoming events, and of one event page
  (Django test client, so no network; the database is whatever DATABASE_URL points at);
- registration throughput under contention (PostgreSQL only, where the row lock is real).
"""

import statistics
import threading
import time
from datetime import timedelta

import pytest

from django.db import connection
from django.utils import timezone

from wagtail.models import Page, Site

from events import services
from events.models import EventIndexPage, EventPage, Registration
from tests.concurrency import raise_any, run_concurrently

pytestmark = pytest.mark.benchmark

RUNS = 25


def _agenda():
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
    index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten")
    site.root_page.add_child(instance=index)
    return index


def _events(index, n, themes=()):
    start = timezone.now() + timedelta(days=1)
    events = []
    for i in range(n):
        event = EventPage(
            title=f"Ondernemerscafé {i}",
            slug=f"ondernemerscafe-{i}",
            intro="Ondernemers uit de regio delen wat werkt.",
            start=start + timedelta(hours=6 * i),
            end=start + timedelta(hours=6 * i + 2),
            capacity=30,
            venue_name="Het Ondernemershuis",
            municipality="Utrecht",
            region="utrecht",
            live=True,
        )
        index.add_child(instance=event)
        if themes:
            event.themes.set(themes)
            event.save()  # ParentalManyToMany writes on save
        events.append(event)
    return events


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
def test_agenda_and_event_page_server_time(client):
    from loket.themes.models import Theme

    index = _agenda()
    theme = Theme.objects.first() or Theme.objects.create(name="Financiën", slug="financien")
    began = time.perf_counter()
    events = _events(index, 1000, themes=[theme])
    built = time.perf_counter() - began
    member_event = events[0]
    from loket.accounts.models import User

    for i in range(20):
        user = User.objects.create_user(f"bench{i}@example.nl", None, first_name=f"Lid {i}")
        services.register_for_event(member_event, user)

    agenda_ms = _median_ms(client, index.url)
    filtered_ms = _median_ms(client, index.url, thema=theme.slug)
    event_ms = _median_ms(client, member_event.url)
    feed_ms = _median_ms(client, index.url + "ical/", runs=5)

    print(
        f"\n[bench events] {connection.vendor}: built 1,000 events in {built:.1f}s\n"
        f"[bench events] agenda, 1,000 upcoming events: median {agenda_ms:.1f} ms "
        f"over {RUNS} requests\n"
        f"[bench events] agenda filtered by theme: median {filtered_ms:.1f} ms\n"
        f"[bench events] one event page (20 registrations): median {event_ms:.1f} ms\n"
        f"[bench events] iCal feed of 500 events: median {feed_ms:.1f} ms over 5 requests"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_registration_throughput_under_contention():
    if connection.vendor != "postgresql":
        print(
            "\n[bench events] registration throughput needs PostgreSQL (set DATABASE_URL); "
            "SQLite serialises writers, so a figure from it would mean nothing."
        )
        return
    from loket.accounts.models import User

    index = _agenda()
    (event,) = _events(index, 1)
    EventPage.objects.filter(pk=event.pk).update(capacity=50)
    workers, per_worker = 40, 10
    users = [
        User.objects.create_user(f"drukte{i}@example.nl", None, first_name=f"Lid {i}")
        for i in range(workers * per_worker)
    ]
    latencies = []
    lock = threading.Lock()

    def work(chunk):
        for user in chunk:
            began = time.perf_counter()
            services.register_for_event(event, user)
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)

    chunks = [users[i::workers] for i in range(workers)]
    began = time.perf_counter()
    raise_any(run_concurrently(work, [(chunk,) for chunk in chunks]))
    elapsed = time.perf_counter() - began

    total = Registration.objects.filter(event=event).count()
    confirmed = Registration.objects.filter(event=event, status="bevestigd").count()
    print(
        f"\n[bench events] {total} registrations by {workers} threads on one 50-seat event "
        f"in {elapsed:.2f}s: {total / elapsed:.0f} registrations/s; "
        f"median latency {statistics.median(latencies):.1f} ms, "
        f"p95 {statistics.quantiles(latencies, n=20)[-1]:.1f} ms; {confirmed} confirmed"
    )
    assert confirmed == 50
