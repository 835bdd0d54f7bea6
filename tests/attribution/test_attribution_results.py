"""The results view: numbers, charts, CSV (with formula escaping), permissions, query count;
retention and the demo step."""

import csv
import io
import re
from datetime import timedelta

import pytest

from django.utils import timezone

from campaigns.attribution import services
from campaigns.attribution.demo import seed_attribution
from campaigns.attribution.models import Conversion, DailyVisits, Touch
from loket.core.seeding import SeedContext
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _day(n):
    return timezone.localdate() - timedelta(days=n)


def _conversion(kind, code, channel, n, *, days_ago=0, referred=False):
    for _i in range(n):
        Conversion.objects.create(
            kind=kind,
            object_key=f"{kind}:{Conversion.objects.count() + 1}",
            campaign_code=code,
            channel=channel,
            by_referred_member=referred,
            day=_day(days_ago),
        )


@pytest.fixture
def traffic(launch):
    DailyVisits.objects.create(
        day=_day(0), campaign_code=launch.code, channel="mailing/email", visits=40, engaged=20
    )
    DailyVisits.objects.create(
        day=_day(1), campaign_code=launch.code, channel="linkedin/social", visits=60, engaged=25
    )
    DailyVisits.objects.create(
        day=_day(1), campaign_code="andere", channel="linkedin/social", visits=999
    )
    DailyVisits.objects.create(
        day=_day(100), campaign_code=launch.code, channel="direct", visits=500
    )
    _conversion("aanmelding", launch.code, "mailing/email", 4)
    _conversion("aanmelding", launch.code, "referral", 2, days_ago=1)
    _conversion("intake", launch.code, "mailing/email", 3)
    _conversion("bijeenkomst", launch.code, "linkedin/social", 1, days_ago=1)
    _conversion("tip", launch.code, "mailing/email", 5)
    _conversion("tip", launch.code, "referral", 1, referred=True)
    _conversion("gekwalificeerd", launch.code, "referral", 1)
    _conversion("intake", "andere", "mailing/email", 7)
    return launch


def test_results_show_the_funnel_channels_and_loop(client, communicatie, traffic, results_url):
    client.force_login(communicatie)
    response = client.get(results_url(traffic))
    assert response.status_code == 200
    results = response.context["results"]
    assert [step["value"] for step in results.funnel] == [100, 45, 10, 7]
    assert [step["value"] for step in results.loop] == [6, 2, 1, 1]
    channels = dict(results.channels)
    assert channels["mailing/email"].visits == 40 and channels["mailing/email"].actions == 7
    assert channels["referral"].count("aanmelding") == 2
    page = response.content.decode()
    assert "Bekend maken" in page and "Word of mouth stimuleren" in page
    assert "minstens 15 seconden" in page  # what "informeren" means, explained
    assert page.count("<rect") >= 42 + 3  # a column per day, a bar per channel
    # Coordinates are plain numbers, whatever the admin's locale (no "12,5").
    coordinates = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)"', page)
    assert coordinates and all(float(v) >= 0 for triple in coordinates for v in triple)


def test_the_date_range_filters(client, communicatie, traffic, results_url):
    client.force_login(communicatie)
    response = client.get(results_url(traffic, van=_day(1).isoformat(), tot=_day(1).isoformat()))
    assert response.status_code == 200
    assert response.context["results"].totals.visits == 60
    response = client.get(results_url(traffic, van=_day(120).isoformat(), tot=_day(90).isoformat()))
    assert response.context["results"].totals.visits == 500


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "gisteren"}, "Vul een geldige begindatum in"),
        ({"van": "2026-02-30"}, "Vul een geldige begindatum in"),
        ({"van": "2030-01-02", "tot": "2030-01-01"}, "De begindatum ligt na de einddatum."),
        ({"van": "2020-01-01", "tot": "2030-01-01"}, "Kies een periode van hooguit een jaar."),
    ],
)
def test_a_bad_date_range_is_a_clear_400(
    client, communicatie, traffic, results_url, params, message
):
    client.force_login(communicatie)
    response = client.get(results_url(traffic, **params))
    assert response.status_code == 400
    assert message in response.content.decode()
    # The default six weeks are shown all the same.
    assert response.context["results"].totals.visits == 100
    csv_response = client.get(results_url(traffic, **params).replace("/?", "/csv/?"))
    assert csv_response.status_code == 400 and message in csv_response.content.decode()


def test_csv_export_with_formula_escaping(client, communicatie, traffic, results_url):
    DailyVisits.objects.create(
        day=_day(0), campaign_code=traffic.code, channel='=HYPERLINK("http://x")', visits=1
    )
    DailyVisits.objects.create(day=_day(0), campaign_code=traffic.code, channel="+31612", visits=1)
    DailyVisits.objects.create(
        day=_day(0), campaign_code=traffic.code, channel="@SUM(A1)", visits=1
    )
    DailyVisits.objects.create(day=_day(0), campaign_code=traffic.code, channel="-2+3", visits=1)
    client.force_login(communicatie)
    response = client.get(results_url(traffic).replace(f"/{traffic.pk}/", f"/{traffic.pk}/csv/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["datum", "kanaal", "bezoeken", "geïnformeerd"]
    channels = {row[1] for row in rows[1:]}
    assert {'\'=HYPERLINK("http://x")', "'+31612", "'@SUM(A1)", "'-2+3"} <= channels
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    mail = next(row for row in rows if row[1] == "mailing/email" and row[0] == _day(0).isoformat())
    header = rows[0]
    assert mail[header.index("bezoeken")] == "40"
    assert mail[header.index("aanmeldingen")] == "4"
    assert mail[header.index("intakeaanvragen")] == "3"


def test_only_communicatie_and_superusers_see_results(
    client, communicatie, community_manager, member, traffic, results_url, django_user_model
):
    url = results_url(traffic)
    assert client.get(url).status_code == 302  # anonymous: to the admin log-in
    client.force_login(member)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Bekend maken" not in response.content.decode()
    client.force_login(community_manager)
    for denied in (url, "/admin/campagneresultaten/", url + "csv/"):
        response = client.get(denied)
        # Wagtail turns a refusal in the admin into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403)
        assert response.get("Location", "/admin/") == "/admin/"
    assert "Campagneresultaten" not in client.get("/admin/").content.decode()
    client.force_login(communicatie)
    assert client.get(url).status_code == 200
    assert "Campagneresultaten" in client.get("/admin/").content.decode()
    boss = django_user_model.objects.create_superuser(email="baas@loket.example", password="x")
    client.force_login(boss)
    assert client.get(url).status_code == 200


def test_the_overview_lists_every_campaign_with_totals(
    client, communicatie, traffic, make_campaign
):
    make_campaign("nog-niet-live", live=False, title="Nog niet live")
    client.force_login(communicatie)
    response = client.get("/admin/campagneresultaten/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Een kritische blik" in page and "Nog niet live" in page
    rows = {row["page"].code: row["totals"] for row in response.context["rows"]}
    assert rows[traffic.code].visits == 100 and rows[traffic.code].actions == 10


def _more_traffic(code, days, *, offset=0):
    for n in range(offset, offset + days):
        for channel in ("mailing/email", "linkedin/social", "direct", "referral"):
            DailyVisits.objects.create(
                day=_day(n), campaign_code=code, channel=channel, visits=n + 3
            )
            _conversion("aanmelding", code, channel, 2, days_ago=n)


def test_the_query_count_does_not_grow_with_days_or_conversions(
    client, communicatie, launch, results_url, django_assert_max_num_queries
):
    client.force_login(communicatie)
    _more_traffic(launch.code, 2, offset=100)
    client.get(results_url(launch))  # warm up the session and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(results_url(launch))
    _more_traffic(launch.code, 40)
    with django_assert_max_num_queries(len(few)):
        response = client.get(results_url(launch))
    assert response.context["results"].totals.count("aanmelding") == 2 * 4 * 40
    with django_assert_max_num_queries(len(few)):
        client.get(results_url(launch).replace(f"/{launch.pk}/", f"/{launch.pk}/csv/"))


def test_retention_removes_old_touches_and_keys_and_runs_twice(launch, settings):
    from campaigns.attribution.tasks import purge_attribution

    settings.ATTRIBUTION_RETENTION_DAYS = 395
    member = MemberFactory()
    old = timezone.now() - timedelta(days=400)
    Touch.objects.create(
        user=member, position="eerste", campaign_code=launch.code, channel="x", touched_at=old
    )
    Touch.objects.create(
        user=member,
        position="laatste",
        campaign_code=launch.code,
        channel="y",
        touched_at=timezone.now() - timedelta(days=10),
    )
    kept = Conversion.objects.create(
        kind="intake", object_key="intake:1", campaign_code=launch.code, channel="y", day=_day(0)
    )
    aged = Conversion.objects.create(
        kind="intake", object_key="intake:2", campaign_code=launch.code, channel="y", day=_day(400)
    )
    Conversion.objects.filter(pk=aged.pk).update(created_at=old)
    assert purge_attribution() == {"touches": 1, "conversions": 1, "qualified": 0}
    assert purge_attribution() == {"touches": 0, "conversions": 0, "qualified": 0}
    assert list(Touch.objects.values_list("position", flat=True)) == ["laatste"]
    aged.refresh_from_db(), kept.refresh_from_db()
    assert aged.object_key == "" and kept.object_key == "intake:1"
    # The count stays.
    assert Conversion.objects.filter(campaign_code=launch.code).count() == 2


def test_a_members_touches_are_in_the_export_and_go_with_the_account(member, launch, touch_of):
    from loket.accounts import privacy

    touch_of(member, launch.code)
    exported = privacy.export(member)["campagnes"]
    assert {row["campagne"] for row in exported} == {launch.code}
    privacy.erasers()["campagnes"](member, False)
    assert not Touch.objects.filter(user=member).exists()


def test_the_demo_step_fills_six_weeks_for_both_campaigns_once(launch, word_of_mouth):
    ctx = SeedContext(options={})
    seed_attribution(ctx)
    start = _day(41)
    launch_results = services.campaign_results(launch.code, start, _day(0))
    wom_results = services.campaign_results(word_of_mouth.code, start, _day(0))
    assert sum(1 for _day_, row in launch_results.days if row.visits) >= 40
    assert launch_results.totals.actions > 50 and launch_results.totals.count("aanbod") <= 50
    assert wom_results.totals.count("tip") > 0 and wom_results.totals.count("gekwalificeerd") > 0
    assert {"mailing/email", "referral", "direct"} <= dict(wom_results.channels).keys()
    counts = (DailyVisits.objects.count(), Conversion.objects.count())
    seed_attribution(SeedContext(options={}))
    assert (DailyVisits.objects.count(), Conversion.objects.count()) == counts
