"""The member's credits page, redeeming from it, and the staff review list."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from loket.accounts import privacy
from loket.credits import services
from loket.credits.models import CreditTransaction, Kind, Reward, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(db):
    return Reward.objects.create(title="Gratis plek bij een seminar", price=20, stock=5)


def test_the_page_asks_to_log_in(client):
    response = client.get(reverse("credits:overview"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_shows_balance_history_and_rewards(client, member, seat):
    services.award_credits(member, 25, reason="Tip een ander: Pieter doet mee", reference="r:1")
    services.award_credits(member, 10, reason="Welkom", reference="r:2", review_days=14)
    client.force_login(member)
    response = client.get(reverse("credits:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je hebt 25 credits te besteden." in html
    assert "Er staan er nog 10 in behandeling." in html
    assert "Tip een ander: Pieter doet mee" in html
    assert "Kies deze beloning" in html


def test_a_free_seat_says_how_to_pay_with_credits_once(client, member):
    Reward.objects.create(
        title="Gratis plek bij een seminar",
        type=Reward.Type.SEAT,
        price=20,
        stock=50,
        description="Kies een seminar uit de agenda en vink bij het aanmelden "
        "'Betaal met credits' aan.",
    )
    Reward.objects.create(
        title="Boek: Grip op je cijfers", price=10, stock=5, description="Met handtekening."
    )
    client.force_login(member)
    page = client.get("/account/credits/").content.decode()
    assert page.count("Betaal met credits") == 1
    assert "Kies een seminar uit de agenda" not in page
    assert "Met handtekening." in page  # other rewards keep their description


def test_query_count_stays_the_same_as_the_history_grows(
    client, member, seat, django_assert_max_num_queries
):
    client.force_login(member)
    for n in range(3):
        services.award_credits(member, 1, reason="Tip", reference=f"a:{n}")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("credits:overview"))
    for n in range(3, 40):
        services.award_credits(member, 1, reason="Tip", reference=f"a:{n}")
    Reward.objects.bulk_create(Reward(title=f"Boek {n}", price=5, stock=3) for n in range(10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("credits:overview"))


def test_redeeming_from_the_page(client, member, seat):
    services.award_credits(member, 25, reason="Tip", reference="r:1")
    client.force_login(member)
    response = client.post(reverse("credits:redeem", args=[seat.pk]), follow=True)
    assert "Gelukt! Je hebt Gratis plek bij een seminar gekozen." in response.content.decode()
    assert services.balance(member).available == 5


def test_redeeming_without_enough_credits_says_so(client, member, seat):
    client.force_login(member)
    response = client.post(reverse("credits:redeem", args=[seat.pk]))
    assert response.status_code == 400
    assert "Je hebt 0 credits; hiervoor heb je er 20 nodig." in response.content.decode()


def test_redeeming_an_empty_reward_says_so(client, member):
    reward = Reward.objects.create(title="Gesprek met een bekende ondernemer", price=5, stock=0)
    services.award_credits(member, 25, reason="Tip", reference="r:1")
    client.force_login(member)
    response = client.post(reverse("credits:redeem", args=[reward.pk]))
    assert response.status_code == 409
    assert "Deze beloning is helaas op." in response.content.decode()


def test_redeeming_an_unknown_reward_is_a_404(client, member):
    client.force_login(member)
    assert client.post(reverse("credits:redeem", args=[9999])).status_code == 404
    assert client.get(reverse("credits:redeem", args=[9999])).status_code == 405


def test_the_export_holds_the_ledger(member):
    services.award_credits(member, 25, reason="Tip", reference="r:1")
    data = privacy.export(member)["credits"]
    assert data[0]["credits"] == 25 and data[0]["reden"] == "Tip"


def test_staff_approve_from_the_review_list(client, member, staff):
    award, _ = services.award_credits(member, 10, reason="Tip", reference="r:1", needs_review=True)
    client.force_login(staff)
    page = client.get(reverse("credits_admin:review"))
    assert page.status_code == 200 and "Goedkeuren" in page.content.decode()
    client.post(reverse("credits_admin:decide", args=[award.pk, "goedkeuren"]))
    award.refresh_from_db()
    assert award.status == Status.AVAILABLE and award.decided_by == staff


def test_staff_book_a_correction_with_their_name(client, member, staff):
    client.force_login(staff)
    response = client.post(
        reverse("credits_admin:correct"),
        {"email": member.email, "amount": 7, "reason": "Goedmaker na storing"},
    )
    assert response.status_code == 302
    row = CreditTransaction.objects.get(kind=Kind.CORRECTION)
    assert row.created_by == staff and row.amount == 7


def test_a_correction_for_an_unknown_member_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("credits_admin:correct"),
        {"email": "niemand@example.nl", "amount": 7, "reason": "x"},
    )
    assert response.status_code == 400
    assert not CreditTransaction.objects.exists()


def test_members_cannot_reach_the_review_list(client, member):
    client.force_login(member)
    assert client.get(reverse("credits_admin:review")).status_code in (302, 403)


def test_the_ledger_snippet_is_read_only(client, member, staff):
    services.award_credits(member, 10, reason="Tip", reference="r:1")
    client.force_login(staff)
    listing = client.get("/admin/snippets/credits/credittransaction/")
    assert listing.status_code == 200
    assert client.get("/admin/snippets/credits/credittransaction/add/").status_code in (302, 403)
    assert timezone.now() - timedelta(minutes=1) < CreditTransaction.objects.get().created_at


def test_the_account_overview_shows_credits_and_tips(client, member):
    services.award_credits(member, 12, reason="Tip", reference="r:1")
    client.force_login(member)
    html = client.get(reverse("accounts:overview")).content.decode()
    assert "<strong>12</strong> credits te besteden" in html
    assert "/r/" in html  # the member's own tip link
    assert reverse("credits:overview") in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/credits/reward/",
        "/admin/snippets/credits/reward/add/",
        "/admin/snippets/credits/redemption/",
        "/admin/snippets/campaigns/referral/",
        "/admin/settings/campaigns/referralprogramme/",
    ],
)
def test_staff_reach_the_catalogue_tips_and_programme_settings(client, staff, url):
    client.force_login(staff)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert all(step.startswith(url) for step, _code in response.redirect_chain)
