"""Touches: UTM capture through the beacon (valid, forged, long, unicode, missing), first and
last touch, the referral link, and campaign pages that stay the same for every visitor."""

import pytest

from django.utils import timezone

from campaigns import services as referrals
from campaigns.attribution import services
from campaigns.attribution.models import OTHER, DailyVisits
from tests.attribution.conftest import BEACON

pytestmark = pytest.mark.django_db

MAILING = (
    "?utm_source=mailing&utm_medium=email&utm_campaign=een-kritische-blik&utm_content=mailing-7"
)


def _session(client):
    return client.session.get(services.SESSION_KEY, {})


def _visits(code, channel=None):
    rows = DailyVisits.objects.filter(campaign_code=code, day=timezone.localdate())
    if channel is not None:
        rows = rows.filter(channel=channel)
    return sum(rows.values_list("visits", flat=True))


def test_a_mailing_link_is_kept_in_the_session_and_counted(client, launch, beacon):
    response = beacon(client, MAILING, code=launch.code)
    assert response.status_code == 204
    touch = _session(client)["last"]
    assert (touch["c"], touch["ch"], touch["s"], touch["m"], touch["ct"]) == (
        "een-kritische-blik",
        "mailing/email",
        "mailing",
        "email",
        "mailing-7",
    )
    assert touch["p"] == "/campagnes/een-kritische-blik/"
    assert _visits("een-kritische-blik", "mailing/email") == 1
    # The intake form reads the campaign from the session.
    assert client.session["campaign_code"] == "een-kritische-blik"


def test_a_reload_counts_once_a_new_visitor_again(client, launch, beacon, django_user_model):
    from django.test import Client

    beacon(client, MAILING, code=launch.code)
    beacon(client, MAILING, code=launch.code)
    beacon(Client(), MAILING, code=launch.code)
    assert _visits("een-kritische-blik") == 2


@pytest.mark.parametrize(
    ("query", "expected_source"),
    [
        ("?utm_source=%3Cscript%3Ealert(1)%3C/script%3E&utm_medium=email", "script-alert-1-script"),
        ("?utm_source=" + "x" * 5000 + "&utm_medium=email", "x" * 60),
        ("?utm_source=Ni%C3%ABuwsbrief%E2%80%AE%00%0A&utm_medium=email", "nieuwsbrief"),
        ("?utm_source=%F0%9F%98%80%F0%9F%98%80&utm_medium=email", ""),
        ("?utm_source==HYPERLINK(%22x%22)&utm_medium=email", "hyperlink-x"),
    ],
)
def test_forged_values_are_stored_safely(client, launch, beacon, query, expected_source):
    response = beacon(client, query, code=launch.code)
    assert response.status_code == 204
    touch = _session(client)["last"]
    assert touch["s"] == expected_source
    assert touch["c"] == launch.code  # the page's own campaign
    assert len(touch["ch"]) <= 121
    row = DailyVisits.objects.get()
    assert row.channel == touch["ch"] and row.visits == 1


def test_an_unknown_or_unpublished_campaign_counts_as_other(client, make_campaign, beacon):
    make_campaign("nog-geheim", live=False)
    beacon(client, "?utm_source=linkedin&utm_campaign=nog-geheim", path="/evenementen/")
    assert _session(client)["last"]["c"] == OTHER
    assert _visits("nog-geheim") == 0 and _visits(OTHER) == 1
    # A forged page code without UTM is not counted at all.
    assert beacon(client, "", code="bestaat-niet").status_code == 204
    assert _visits("bestaat-niet") == 0


def test_no_utm_and_no_campaign_records_nothing(client, beacon):
    assert beacon(client, "", path="/").status_code == 204
    assert services.SESSION_KEY not in client.session
    assert not DailyVisits.objects.exists()


def test_a_forged_path_is_cleaned(client, launch, beacon):
    beacon(client, MAILING, code=launch.code, path="javascript:alert(1)")
    assert _session(client)["last"]["p"] == ""
    beacon(client, MAILING, code=launch.code, path="/campagnes/één/\x00?x=1")
    assert _session(client)["last"]["p"] == "/campagnes/%C3%A9%C3%A9n/"


def test_first_touch_stays_last_touch_moves_direct_does_not_replace(
    client, launch, word_of_mouth, beacon
):
    beacon(client, "?utm_source=linkedin&utm_medium=social", code=launch.code)
    beacon(client, "?utm_source=mailing&utm_medium=email", code=word_of_mouth.code)
    beacon(client, "", code=launch.code)  # typed the address later: direct
    data = _session(client)
    assert (data["first"]["c"], data["first"]["ch"]) == (launch.code, "linkedin/social")
    assert (data["last"]["c"], data["last"]["ch"]) == (word_of_mouth.code, "mailing/email")
    # The same visitor on the same campaign that day is one visit, under its first channel.
    assert _visits(launch.code) == 1 and _visits(launch.code, "direct") == 0


def test_the_beacon_refuses_other_sites_and_get(client, launch, beacon):
    response = beacon(client, MAILING, code=launch.code, origin="https://evil.example")
    assert response.status_code == 403
    assert "eigen site" in response.content.decode()
    assert beacon(client, MAILING, code=launch.code, origin=None).status_code == 403
    assert client.get(BEACON).status_code == 405
    assert not DailyVisits.objects.exists()
    # Without an Origin header, a same-origin fetch is recognised by Sec-Fetch-Site.
    response = client.post(
        BEACON, {"q": MAILING, "c": launch.code, "p": "/"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 204


def test_the_beacon_is_rate_limited(client, launch, beacon, settings):
    settings.ATTRIBUTION_BEACON_LIMIT = (3, 600)
    codes = [beacon(client, MAILING, code=launch.code).status_code for _i in range(5)]
    assert codes == [204, 204, 204, 429, 429]


def test_an_unknown_event_is_a_clear_400(client, launch, beacon):
    response = beacon(client, MAILING, code=launch.code, event="<script>")
    assert response.status_code == 400
    assert "Onbekende soort melding" in response.content.decode()


def test_reading_on_counts_once_and_only_after_a_visit(client, launch, beacon):
    assert beacon(client, "", code=launch.code, event="gelezen").status_code == 204
    assert not DailyVisits.objects.exists()
    beacon(client, MAILING, code=launch.code)
    beacon(client, "", code=launch.code, event="gelezen")
    beacon(client, "", code=launch.code, event="gelezen")
    row = DailyVisits.objects.get()
    assert (row.visits, row.engaged, row.channel) == (1, 1, "mailing/email")


def test_the_referral_link_counts_for_the_running_word_of_mouth_campaign(
    client, word_of_mouth, member
):
    code = referrals.code_for(member)
    response = client.get(f"/r/{code}/")
    assert response.status_code == 302
    touch = _session(client)["last"]
    assert (touch["c"], touch["ch"], touch["p"]) == (word_of_mouth.code, "referral", f"/r/{code}/")
    assert _visits(word_of_mouth.code, "referral") == 1
    # A forged referral code records nothing.
    other = client.__class__()
    assert other.get("/r/NEP12345/").status_code == 404
    assert services.SESSION_KEY not in other.session


def test_a_signed_in_member_arriving_gets_the_touch_on_the_account(client, launch, beacon, member):
    client.force_login(member)
    beacon(client, MAILING, code=launch.code)
    touches = {t.position: t for t in member.attribution_touches.all()}
    assert touches["laatste"].campaign_code == launch.code
    assert touches["laatste"].channel == "mailing/email"
    assert touches["eerste"].campaign_code == launch.code


def test_campaign_pages_are_the_same_for_every_visitor(client, launch):
    from django.test import Client

    first = Client().get(launch.url + MAILING)
    second = Client().get(launch.url + "?utm_source=linkedin&utm_medium=social&utm_content=x")
    third = Client().get(launch.url)
    assert first.status_code == second.status_code == third.status_code == 200
    assert first.content == second.content == third.content
    for response in (first, second, third):
        assert not response.cookies
        assert "Set-Cookie" not in response
    # The page recorded nothing itself: that is the beacon's job.
    assert not DailyVisits.objects.exists()
