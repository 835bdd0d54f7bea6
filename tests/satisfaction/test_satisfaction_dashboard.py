"""The Tevredenheid view: a region's staff see their own region, the national groups every
region and the comparison; the figures, the target line, the CSV, bad filters, and a constant
number of queries however many scores there are."""

import csv
import io

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from loket.satisfaction.models import SatisfactionSettings
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "satisfaction_admin:index"


@pytest.fixture
def scores(regions, ask):
    """Region x: 9, 8, 4 answered and one open; region y: a 6."""
    x, y = regions["x"], regions["y"]
    ask(x, score=9, ces=1, resolved="ja", kind="intake", adviser="Henk Vos")
    ask(x, score=8, ces=2, resolved="ja", kind="speedconsult", adviser="Henk Vos")
    ask(x, score=4, ces=5, resolved="nee", kind="bijeenkomst", sentence='=HYPERLINK("x")')
    ask(x, kind="intake")
    ask(y, score=6, ces=3, resolved="deels", kind="intake", adviser="KVK Adviesteam")
    return x, y


def _national_staff():
    user = MemberFactory(email="landelijk@ondernemersloket.nl")
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user


def test_region_staff_see_the_figures_of_their_own_region(client, scores, staff_of):
    x, y = scores
    client.force_login(staff_of("x", "communitymanager"))
    response = client.get(reverse(URL))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.sites == [x] and not report.national
    assert (report.totals.asked, report.totals.answered) == (4, 3)
    assert report.totals.score == 7.0
    assert report.totals.ces == 2.67
    assert report.totals.resolved_pct == 66.7
    assert report.totals.response_rate == 75.0
    assert dict(report.distribution)[9] == 1 and dict(report.distribution)[6] == 0
    per_kind = {row.key: row for row in report.per_kind}
    assert per_kind["intake"].asked == 2 and per_kind["intake"].score == 9.0
    assert {row.label for row in report.per_adviser} >= {"Henk Vos"}
    body = response.content.decode()
    assert "Tevredenheid" in body and "<svg" in body and "Landelijk" not in body
    # Another region is not theirs: a Dutch 400, never its figures.
    response = client.get(reverse(URL), {"regio": str(y.pk)})
    assert response.status_code == 400
    assert "Kies een regio waarvan je de tevredenheid mag zien." in response.content.decode()
    assert response.context["report"].sites == [x]


def test_the_national_view_compares_regions(client, scores):
    x, y = scores
    client.force_login(_national_staff())
    response = client.get(reverse(URL))
    report = response.context["report"]
    assert report.national and set(report.sites) >= {x, y}
    per_region = {row.key: row for row in report.per_region}
    assert per_region[x.pk].score == 7.0 and per_region[y.pk].score == 6.0
    assert "Regio's vergeleken" in response.content.decode()
    one = client.get(reverse(URL), {"regio": str(y.pk)}).context["report"]
    assert one.sites == [y] and one.totals.answered == 1


def test_the_region_target_is_drawn_as_a_line(client, scores, staff_of):
    x, _y = scores
    SatisfactionSettings.objects.update_or_create(site=x, defaults={"target_score": "7.5"})
    client.force_login(staff_of("x", "communicatie"))
    response = client.get(reverse(URL))
    assert response.context["month_chart"]["target"]["value"] == 7.5
    body = response.content.decode()
    assert 'class="satisfaction-target"' in body and "Doel 7.5" in body


def test_members_and_other_staff_roles_get_no_access(client, scores, staff_of, member):
    client.force_login(member)
    assert client.get(reverse(URL)).status_code in (302, 403)
    client.force_login(staff_of("x", "regiobeheer"))
    assert client.get(reverse(URL)).status_code in (302, 403)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "gisteren"}, "Vul een geldige begindatum in"),
        ({"van": "2026-05-01", "tot": "2026-04-01"}, "De begindatum ligt na de einddatum."),
        ({"van": "2020-01-01", "tot": "2026-01-01"}, "hooguit twee jaar"),
    ],
)
def test_bad_filters_get_a_dutch_400(client, scores, staff_of, params, message):
    client.force_login(staff_of("x", "communitymanager"))
    response = client.get(reverse(URL), params)
    assert response.status_code == 400 and message in response.content.decode()
    csv_response = client.get(reverse("satisfaction_admin:csv"), params)
    assert csv_response.status_code == 400 and message in csv_response.content.decode()


def test_the_csv_holds_the_answers_and_runs_no_formula(client, scores, staff_of):
    client.force_login(staff_of("x", "communicatie"))
    response = client.get(reverse("satisfaction_admin:csv"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][6] == "rapportcijfer"
    assert sorted(row[6] for row in rows[1:]) == ["4", "8", "9"]
    sentences = [row[9] for row in rows[1:] if row[9]]
    assert sentences == ['\'=HYPERLINK("x")']


def test_the_view_runs_the_same_queries_for_few_and_many_scores(
    client, regions, ask, staff_of, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = staff_of("x", "communitymanager")
    client.force_login(user)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(URL)).status_code == 200
        return len(queries)

    for n in range(5):
        ask(regions["x"], score=1 + n, kind="intake", adviser=f"Adviseur {n}")
    few = measure()
    for n in range(40):
        ask(regions["x"], score=1 + n % 10, kind=["intake", "bijeenkomst"][n % 2], days_ago=n)
    with django_assert_max_num_queries(few):
        assert client.get(reverse(URL)).status_code == 200
    assert measure() == few


def test_each_month_counts_its_own_contacts(regions, ask):
    from datetime import timedelta

    from django.utils import timezone

    from loket.satisfaction import services

    x = regions["x"]
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = first - timedelta(days=1)
    days_into_month = (today - first).days
    ask(x, score=9, days_ago=days_into_month)  # this month (its first day, or later)
    ask(x, score=5, days_ago=days_into_month + 2)  # last month
    ask(x, days_ago=days_into_month + 2)  # last month, not answered
    period = services.Period(last_month.replace(day=1), today)
    report = services.report([x], period)
    months = {row.key: row for row in report.per_month}
    assert list(months) == [last_month.replace(day=1), first]
    assert (months[first].asked, months[first].score) == (1, 9.0)
    assert (months[last_month.replace(day=1)].asked, months[last_month.replace(day=1)].score) == (
        2,
        5.0,
    )
    assert months[last_month.replace(day=1)].response_rate == 50.0
    assert dict(report.distribution)[5] == 1 and report.totals.asked == 3
