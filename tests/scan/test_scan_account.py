"""A member keeps a result on their account (and, with consent, feeds their profile themes);
a visitor keeps it through sign-up or log-in; the account shows earlier scans."""

import pytest

from django.urls import reverse

from community.scan.models import ScanResult
from community.scan.services import SESSION_PENDING
from loket.accounts.models import User
from loket.themes.models import Theme
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _visitor_result(client, take):
    take(weak=("financien", "marketing"))
    return ScanResult.objects.get()


def test_a_member_keeps_a_visitors_result_and_feeds_the_profile_only_with_consent(
    client, take, scan_page
):
    result = _visitor_result(client, take)
    member = MemberFactory()
    client.force_login(member)
    save_url = scan_page.url_for("save", token=result.token)
    client.post(save_url)
    result.refresh_from_db()
    assert result.user == member and result.profile_consent_at is None
    assert not member.profile.themes.exists()

    client.post(save_url, {"use_for_profile": "on"})
    result.refresh_from_db()
    assert result.profile_consent_at is not None
    assert set(member.profile.themes.values_list("slug", flat=True)) == {
        "financien",
        "marketing",
    }


def test_keeping_asks_a_visitor_to_log_in_first(client, take, scan_page):
    result = _visitor_result(client, take)
    response = client.post(scan_page.url_for("save", token=result.token))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    result.refresh_from_db()
    assert result.user is None


def test_another_members_result_cannot_be_taken_over(client, take, scan_page):
    result = _visitor_result(client, take)
    owner = MemberFactory()
    client.force_login(owner)
    client.post(scan_page.url_for("save", token=result.token))
    client.force_login(MemberFactory())
    response = client.post(scan_page.url_for("save", token=result.token))
    assert response.status_code == 404
    result.refresh_from_db()
    assert result.user == owner


def test_a_visitor_signs_up_and_the_result_lands_on_the_new_account(client, take, scan_page):
    result = _visitor_result(client, take)
    response = client.post(scan_page.url_for("signup", token=result.token))
    assert response["Location"] == reverse("accounts:signup")
    assert client.session[SESSION_PENDING] == result.token
    client.post(
        reverse("accounts:signup"),
        {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "email": "sanne@schildersbedrijf-devries.nl",
            "password": "Kwast-en-verf-op-maandag-7",
            "privacy_consent": "on",
        },
    )
    result.refresh_from_db()
    assert result.user == User.objects.get(email="sanne@schildersbedrijf-devries.nl")
    assert SESSION_PENDING not in client.session


def test_a_forged_pending_token_claims_nothing(client, take):
    result = _visitor_result(client, take)
    session = client.session
    session[SESSION_PENDING] = f"{result.pk}-forged"
    session.save()
    member = MemberFactory()
    client.force_login(member)
    result.refresh_from_db()
    assert result.user is None


def test_the_account_shows_earlier_scans_with_a_small_chart(client, take, scan_page):
    member = MemberFactory()
    client.force_login(member)
    take(weak=("financien", "marketing", "personeelszaken"))
    take(weak=("financien",))
    text = client.get(reverse("accounts:overview")).content.decode()
    assert "Jouw fitheidscans" in text
    assert "<polyline" in text
    assert text.count("van 100</li>") == 2
    assert "Doe de scan opnieuw" in text


def test_profile_consent_uses_the_results_own_themes_and_phase(client, take, scan_page):
    member = MemberFactory()
    client.force_login(member)
    take(weak=("duurzaamheid",), phase="zwaar_weer")
    result = ScanResult.objects.get()
    client.post(scan_page.url_for("save", token=result.token), {"use_for_profile": "on"})
    slugs = set(member.profile.themes.values_list("slug", flat=True))
    assert {"duurzaamheid", "ondernemen-in-zwaar-weer"} <= slugs
    assert Theme.objects.filter(slug__in=slugs).count() == len(slugs)
