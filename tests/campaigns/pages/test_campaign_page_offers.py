"""Limited offers: the counter, claiming once, full, bad input, and concurrency on PostgreSQL."""

import pytest

from campaigns import landing
from campaigns.offers import OfferClaim
from tests.concurrency import raise_any, run_concurrently
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _claim_url(offer_id):
    return f"/campagne-aanbod/{offer_id}/"


def test_a_member_claims_a_place_and_the_counter_goes_down(client, launch, member):
    offer = launch.offers.get()
    client.force_login(member)
    response = client.post(_claim_url(offer.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{launch.url}#aanbod-gesprek"
    assert OfferClaim.objects.filter(offer=offer, user=member).count() == 1
    page = client.get(launch.url).content.decode()
    assert "Gelukt! Je hebt een plek" in page
    state = client.get(f"/campagne-status/{launch.code}/").json()["offers"][str(offer.pk)]
    assert state == {"total": 50, "claimed": 1, "left": 49, "mine": True}


def test_a_double_click_makes_one_claim(client, launch, member):
    offer = launch.offers.get()
    client.force_login(member)
    client.post(_claim_url(offer.pk))
    second = client.post(_claim_url(offer.pk))
    assert second.status_code == 409
    assert "Je hebt al een plek" in second.content.decode()
    assert OfferClaim.objects.filter(offer=offer).count() == 1


def test_a_full_offer_says_so_and_issues_nothing_more(client, make_campaign, make_offer, member):
    page = make_campaign()
    offer = make_offer(page, total=2)
    for _i in range(2):
        landing.claim_offer(MemberFactory(), offer.pk)
    client.force_login(member)
    response = client.post(_claim_url(offer.pk))
    assert response.status_code == 409
    assert "alle 2 plekken zijn vergeven" in response.content.decode()
    assert offer.claims.count() == 2


def test_a_visitor_is_sent_to_log_in_and_back(client, launch):
    offer = launch.offers.get()
    response = client.post(_claim_url(offer.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")
    assert "een-kritische-blik" in response["Location"]
    assert not OfferClaim.objects.exists()


def test_get_on_claim_is_405(client, launch, member):
    client.force_login(member)
    assert client.get(_claim_url(launch.offers.get().pk)).status_code == 405
    assert not OfferClaim.objects.exists()


@pytest.mark.parametrize("forged", ["999999", "abc", "1%3B%20DROP%20TABLE", "-1"])
def test_a_forged_offer_id_is_404_with_a_clear_message(client, launch, member, forged):
    client.force_login(member)
    response = client.post(_claim_url(forged))
    assert response.status_code == 404
    assert "Dit aanbod bestaat niet" in response.content.decode()
    assert not OfferClaim.objects.exists()


def test_claiming_on_an_ended_campaign_is_refused(client, make_campaign, make_offer, member):
    offer = make_offer(make_campaign(starts=-30, ends=-1))
    client.force_login(member)
    response = client.post(_claim_url(offer.pk))
    assert response.status_code == 410
    assert "Deze campagne is afgelopen" in response.content.decode()
    assert not OfferClaim.objects.exists()


def test_claiming_on_an_unpublished_or_future_campaign_is_404(
    client, make_campaign, make_offer, member
):
    hidden = make_offer(make_campaign(publish_it=False))
    future = make_offer(make_campaign(starts=5))
    client.force_login(member)
    assert client.post(_claim_url(hidden.pk)).status_code == 404
    assert client.post(_claim_url(future.pk)).status_code == 404
    assert not OfferClaim.objects.exists()


def test_offer_claimed_is_sent_once_after_commit(
    launch, member, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, claim, offer, campaign, user, **kwargs):
        received.append((offer.pk, campaign.code, user.pk))

    landing.offer_claimed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            landing.claim_offer(member, launch.offers.get().pk)
        with pytest.raises(landing.OfferError), django_capture_on_commit_callbacks(execute=True):
            landing.claim_offer(member, launch.offers.get().pk)
    finally:
        landing.offer_claimed.disconnect(receiver)
    assert received == [(launch.offers.get().pk, "een-kritische-blik", member.pk)]


def test_staff_see_the_claims_in_the_admin(admin_client, launch, member):
    landing.claim_offer(member, launch.offers.get().pk)
    listing = admin_client.get("/admin/snippets/campaigns/offerclaim/")
    assert listing.status_code == 200
    assert member.email in listing.content.decode() or "Sanne" in listing.content.decode()
    offers = admin_client.get("/admin/snippets/campaigns/limitedoffer/")
    assert "De eerste aanmelders spreken een bekende ondernemer" in offers.content.decode()


# Concurrency on PostgreSQL ----------------------------------------------------------------------


def _race(n, work):
    return raise_any(run_concurrently(work, n))


def _try_claim(user, offer_id):
    try:
        landing.claim_offer(user, offer_id)
        return "claimed"
    except landing.OfferError as error:
        return error.code


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eighty_members_racing_for_fifty_places_get_exactly_fifty(make_campaign, make_offer):
    offer = make_offer(make_campaign(), total=50)
    members = [MemberFactory() for _i in range(80)]
    outcomes = _race(80, lambda i: _try_claim(members[i], offer.pk))
    assert outcomes.count("claimed") == 50
    assert outcomes.count("full") == 30
    assert OfferClaim.objects.filter(offer=offer).count() == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_member_clicking_twenty_times_at_once_gets_one_place(make_campaign, make_offer):
    offer = make_offer(make_campaign(), total=50)
    member = MemberFactory()
    outcomes = _race(20, lambda i: _try_claim(member, offer.pk))
    assert outcomes.count("claimed") == 1
    assert outcomes.count("already") == 19
    assert OfferClaim.objects.filter(offer=offer).count() == 1
