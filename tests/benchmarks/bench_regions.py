"""Forty regions on one platform: every public page and staff list at 1 region and at 40.

One run on PostgreSQL: region 1 is built with a full region's data (2,500 members, a year of
events at 20 a month, 50 communities with 1,250 discussions), its public pages and the admin's
staff lists are measured (median server time and queries, as an anonymous visitor and as a
superuser); then 39 more regions with the same data are added (40 in all: 100,000 members,
9,600 events, 2,000 communities, 50,000 discussions) and the same URLs are measured again.
Printed, not asserted: each row gives the ratio of 40 to 1 region (target ≤ 1.5×) and both
query counts (target: equal). ``BENCH_REGIONS_SCALE`` (default 1) scales the data per region
for a quick try. Run with ``make bench`` against PostgreSQL (``DATABASE_URL``).

The regions get their pages, settings and staff groups from ``build_region`` (what
``create_region`` does); the events and communities are written in bulk under the region's
agenda and communities pages (treebeard paths worked out here: ``add_child`` per page would
take most of an hour), the members and discussions with ``bulk_create``.
"""

import os
import statistics
import time
from datetime import timedelta

import pytest

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.models import CommunityIndexPage, CommunityPage, Membership, Thread
from events.models import EventIndexPage, EventPage, Registration
from loket.accounts.models import Profile, User
from loket.core.regions import build_region

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres]

REGIONS = 40
SCALE = float(os.environ.get("BENCH_REGIONS_SCALE", "1"))
MEMBERS = max(10, int(2500 * SCALE))  # per region
EVENTS_A_MONTH = max(1, int(20 * SCALE))
COMMUNITIES = max(2, int(50 * SCALE))
THREADS = max(4, int(1250 * SCALE))
ATTENDEES = 5  # per event
MEMBERS_A_COMMUNITY = max(2, int(20 * SCALE))
RUNS = 5
TARGET = 1.5


def host(n):
    return f"regio{n}.bench.ondernemersloket.nl"


def bulk_add_pages(parent, pages):
    """Add ``pages`` (unsaved, of one specific class) as the last children of ``parent``, in a
    few inserts: the treebeard paths are worked out here, one insert per table of the class."""
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    parent.refresh_from_db()
    now = timezone.now()
    for n, page in enumerate(pages, start=parent.numchild + 1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, n)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
    base_fields = {f.attname for f in Page._meta.concrete_fields} - {"id"}
    bases = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
    # Django cannot bulk-create a multi-table child: insert the page class's own row directly.
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))


def fill_region(site, password, stamp):
    """A region's data: members, a year of events, communities with their discussions."""
    home = site.root_page
    members = User.objects.bulk_create(
        [
            User(
                email=f"lid{i}@{stamp}.example.nl",
                first_name="Lid",
                last_name=str(i),
                password=password,
                email_verified=True,
            )
            for i in range(MEMBERS)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [Profile(user=member, home_site=site) for member in members], batch_size=2000
    )
    agenda = EventIndexPage.objects.descendant_of(home).first()
    start = timezone.now() - timedelta(days=182)
    events = [
        EventPage(
            title=f"Bijeenkomst {month}-{i}",
            slug=f"bijeenkomst-{month}-{i}",
            intro="Ondernemers vertellen hoe zij het aanpakten.",
            start=start + timedelta(days=month * 30 + i % 28, hours=9),
            end=start + timedelta(days=month * 30 + i % 28, hours=11),
            capacity=20,
            venue_name="Het Ondernemershuis",
            venue_address="Stationsplein 1",
            municipality="Utrecht",
        )
        for month in range(12)
        for i in range(EVENTS_A_MONTH)
    ]
    bulk_add_pages(agenda, events)
    index = CommunityIndexPage.objects.descendant_of(home).first()
    bulk_add_pages(
        index,
        [
            CommunityPage(
                title=f"Community {i}",
                slug=f"community-{i}",
                intro="Ondernemers helpen elkaar verder.",
                is_public=i % 2 == 0,
            )
            for i in range(COMMUNITIES)
        ],
    )
    communities = list(CommunityPage.objects.child_of(index))
    # What the staff lists show: every event with a few attendees, every community members.
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                user=members[(n * 7 + k) % len(members)],
                status="bevestigd",
                confirmed_at=now,
            )
            for n, event in enumerate(events)
            for k in range(ATTENDEES)
        ],
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                community=community,
                member=members[(n * 11 + k) % len(members)],
                status="lid",
                joined_at=now,
            )
            for n, community in enumerate(communities)
            for k in range(MEMBERS_A_COMMUNITY)
        ],
        batch_size=5000,
    )
    Thread.objects.bulk_create(
        [
            Thread(
                community=communities[i % len(communities)],
                author=members[i % len(members)],
                title=f"Vraag {i}: hoe vind ik personeel?",
                body="Wie heeft ervaring met een eerste werknemer?",
            )
            for i in range(THREADS)
        ],
        batch_size=2000,
    )


def public_urls(site):
    """Every kind of public page of the region: each page but events and communities, and of
    those one each (with a discussion), the search and the sitemap."""
    home = site.root_page
    urls = []
    for page in Page.objects.descendant_of(home, inclusive=True).live().public().specific():
        if isinstance(page, EventPage | CommunityPage):
            continue
        if page.get_url(current_site=site):
            urls.append(page.get_url(current_site=site))
    event = EventPage.objects.descendant_of(home).order_by("start").last()
    community = CommunityPage.objects.descendant_of(home).filter(is_public=True).first()
    thread = Thread.objects.filter(community=community).first()
    urls += [event.get_url(current_site=site), community.get_url(current_site=site)]
    urls.append(f"{community.get_url(current_site=site)}discussies/{thread.pk}/")
    urls += ["/zoeken/?q=personeel", "/sitemap.xml"]
    return sorted(set(urls))


def staff_urls(client, site):
    client.get("/admin/")  # the URL conf (and so the viewset registry) is loaded
    names = {
        # a snippet viewset's list is "…:list"; a model viewset's "…:index"
        vs.get_url_name("list" if isinstance(vs, SnippetViewSet) else "index")
        for vs in viewsets.viewsets
        if isinstance(vs, ModelViewSet) and not isinstance(vs, SnippetChooserViewSet)
    }
    lists = sorted(name for name in names if ":" in name)  # the page viewset has no own list
    agenda = EventIndexPage.objects.descendant_of(site.root_page).first()
    return [reverse("wagtailadmin_explore", args=[agenda.pk]), *map(reverse, lists)]


def measure(client, url, hostname):
    found = []

    def count(execute, sql, *args):
        found.append(sql)
        return execute(sql, *args)

    response = client.get(url, HTTP_HOST=hostname)  # warm the per-process caches
    if response.status_code != 200:
        return None
    with connection.execute_wrapper(count):
        client.get(url, HTTP_HOST=hostname)
    timings = []
    for _i in range(RUNS):
        began = time.perf_counter()
        client.get(url, HTTP_HOST=hostname)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), len(found)


def measure_all(client, superuser, urls):
    figures = {}
    client.logout()
    for url in urls["public"]:
        figures[("bezoeker", url)] = measure(client, url, host(1))
    client.force_login(superuser)
    for url in urls["staff"]:
        figures[("beheer", url)] = measure(client, url, host(1))
    client.logout()
    return figures


def test_pages_and_staff_lists_at_1_and_at_40_regions(client, home, django_db_blocker):
    password = make_password("Loket-wachtwoord-9")
    superuser = User.objects.create_superuser("bench@ondernemersloket.nl", "Loket-wachtwoord-9")

    began = time.perf_counter()
    first = build_region("Regio 1", host(1)).site
    fill_region(first, password, "regio1")
    one_region_s = time.perf_counter() - began
    urls = {"public": public_urls(first), "staff": staff_urls(client, first)}
    at_one = measure_all(client, superuser, urls)

    began = time.perf_counter()
    for n in range(2, REGIONS + 1):
        fill_region(build_region(f"Regio {n}", host(n)).site, password, f"regio{n}")
    build_s = time.perf_counter() - began
    connection.cursor().execute("ANALYZE")
    at_forty = measure_all(client, superuser, urls)

    print(
        f"\n{REGIONS} regions on {connection.vendor}: {User.objects.count():,} accounts, "
        f"{EventPage.objects.count():,} events, {CommunityPage.objects.count():,} communities, "
        f"{Thread.objects.count():,} discussions; region 1 built in {one_region_s:.0f} s, "
        f"the other {REGIONS - 1} in {build_s:.0f} s. Median of {RUNS} requests."
    )
    print(f"{'1 reg ms':>9} {'40 ms':>8} {'×':>5} {'q 1':>5} {'q 40':>5}  who       url")
    over = []
    for key, one in at_one.items():
        forty = at_forty[key]
        who, url = key
        if one is None or forty is None:
            print(f"{'':>9} {'':>8} {'':>5} {'':>5} {'':>5}  {who:9} {url} (not 200)")
            continue
        ratio = forty[0] / one[0]
        flag = "" if ratio <= TARGET and forty[1] == one[1] else "  <--"
        if flag:
            over.append(url)
        print(
            f"{one[0]:9.1f} {forty[0]:8.1f} {ratio:5.2f} {one[1]:5d} {forty[1]:5d}  "
            f"{who:9} {url}{flag}"
        )
    print(f"Above {TARGET}× or with other query counts: {len(over)} of {len(at_one)}")
