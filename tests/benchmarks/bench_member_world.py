"""Pages that grow with a member's world: figures are printed, not asserted (``make bench``).

One community grows to 1,000, 3,000 and 10,000 members; at each size the median server time and
the query count of "Voor jou" (``/communities/voor-jou/``), the member directory (first page and
a filtered page) and the account overview are printed for one of its members. Flat figures mean
the choosing and paging happen in the database.
"""

import statistics
import time

import pytest

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Membership
from loket.accounts.models import Profile, User
from tests.factories import CommunityIndexPageFactory, CommunityPageFactory, default_home

pytestmark = pytest.mark.benchmark

RUNS = 9
SIZES = (1_000, 3_000, 10_000)
SECTORS = "CFGIJMQ"
SIZES_BAND = ("1", "2-4", "5-9", "10-49", "50+")
SHARED = ["name", "company_name", "sector", "company_size", "region", "themes"]


def _grow(community, start, stop, password):
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"lid{i}@voorbeeld.nl",
            first_name=f"Ondernemer{i:05d}",
            last_name="Jansen",
            password=password,
            email_verified=True,
        )
        for i in range(start, stop)
    )
    if users[0].pk is None:  # SQLite before returning ids: fetch them
        users = list(User.objects.filter(email__startswith="lid").order_by("pk")[start:stop])
    Profile.objects.bulk_create(
        Profile(
            user=user,
            company_name=f"Bedrijf {user.pk}",
            sector=SECTORS[i % len(SECTORS)],
            company_size=SIZES_BAND[i % len(SIZES_BAND)],
            province="utrecht" if i % 3 else "gelderland",
            municipality="Amersfoort",
            visible_fields=SHARED,
        )
        for i, user in enumerate(users, start)
    )
    Membership.objects.bulk_create(
        Membership(member=user, community=community, status="lid", joined_at=now) for user in users
    )


def _median_ms(client, url):
    client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries.captured_queries)


@pytest.mark.django_db
def test_voor_jou_directory_and_account_as_one_community_grows(client):
    index = CommunityIndexPageFactory(parent=default_home())
    community = CommunityPageFactory(parent=index, title="Ondernemers Eemland", slug="eemland")
    for i in range(40):
        CommunityPageFactory(parent=index, title=f"Community {i}", slug=f"c{i}", sector="F")
    password = make_password("niet-gebruikt")
    _grow(community, 0, 1, password)
    me = User.objects.get(email="lid0@voorbeeld.nl")
    Profile.objects.filter(user=me).update(sector="F", company_size="10-49")
    client.force_login(me)
    pages = {
        "voor jou": "/communities/voor-jou/",
        "directory, page 1": community.url + "leden/",
        "directory, sector F, page 3": community.url + "leden/?sector=F&pagina=3",
        "account overview": "/account/",
    }
    rows, grown = {}, 1
    for size in SIZES:
        _grow(community, grown, size, password)
        grown = size
        for label, url in pages.items():
            rows.setdefault(label, []).append(_median_ms(client, url))
    print(f"\nPages that grow with a member's world ({connection.vendor}, median of {RUNS}):")
    print(f"  {'page':<30}" + "".join(f"{f'{n:,} members':>24}" for n in SIZES))
    for label, figures in rows.items():
        cells = "".join(f"{f'{ms:.1f} ms, {q} queries':>24}" for ms, q in figures)
        print(f"  {label:<30}{cells}")
