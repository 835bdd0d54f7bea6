"""Tipping by mail: one mail in the member's name, and every way it must be refused."""

import pytest

from django.urls import reverse

from campaigns import services
from campaigns.models import Referral, ReferralProgramme
from loket.mail.models import Category
from loket.mail.services import opt_out
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _tip(client, email, note="Kom eens langs!", name="Joost"):
    return client.post(reverse("campaigns:tip_page"), {"email": email, "note": note, "name": name})


def test_visitors_read_the_rules_and_are_invited_to_sign_up(client):
    html = client.get(reverse("campaigns:tip_page")).content.decode()
    assert "Zo werkt het" in html and "De spelregels" in html
    assert reverse("accounts:signup") in html


def test_members_see_their_link_share_buttons_and_a_suggested_note(client, referrer):
    client.force_login(referrer)
    html = client.get(reverse("campaigns:tip_page")).content.decode()
    code = referrer.referral_code.code
    assert f"/r/{code}/" in html
    assert "linkedin.com/sharing" in html and "wa.me" in html and "mailto:" in html
    assert f"%2Fr%2F{code}%2F" in html
    assert "Ik haal veel uit het Ondernemersloket" in html


def test_a_tip_sends_exactly_one_mail_in_the_members_name(
    client, referrer, outbox, django_capture_on_commit_callbacks
):
    client.force_login(referrer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _tip(
            client, "Joost.Bakker@Example.com", note="Joost, dit is echt iets voor jou!"
        )
    assert response.status_code == 302
    [mail] = outbox()
    assert mail.to == "joost.bakker@example.com"
    assert mail.category == Category.BULK
    assert referrer.email in mail.reply_to
    assert "Sanne de Vries tipt je het Ondernemersloket" in mail.subject
    assert "Joost, dit is echt iets voor jou!" in mail.text
    assert "Daarom krijg je deze mail" in mail.text
    assert "/afmelden/" in mail.text  # the one-click "never again" link of bulk mail
    assert f"/r/{referrer.referral_code.code}/?tip=" in mail.text
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.TIPPED and referral.email_hash


def test_the_never_again_link_stops_every_further_tip(
    client, referrer, outbox, django_capture_on_commit_callbacks
):
    import re

    from loket.mail.services import is_opted_out

    with django_capture_on_commit_callbacks(execute=True):
        services.tip_by_mail(referrer, email="joost@example.com")
    link = re.search(r"https?://\S*/afmelden/\S*", outbox()[0].text).group(0)
    from urllib.parse import urlsplit

    assert client.post(urlsplit(link).path).status_code == 200
    assert is_opted_out("joost@example.com", Category.BULK)


def test_a_note_with_markup_is_cleaned(client, referrer, outbox):
    client.force_login(referrer)
    _tip(client, "joost@example.com", note="<script>alert(1)</script>Kom!")
    assert "<script>" not in Referral.objects.get().note


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("geen-adres", "Dit e-mailadres klopt niet."),
        ("sanne@example.nl", "Jezelf tippen kan niet"),
        ("Sanne+werk@example.nl", "Jezelf tippen kan niet"),
    ],
)
def test_bad_addresses_are_refused_clearly(client, referrer, outbox, email, message):
    client.force_login(referrer)
    response = _tip(client, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists() and not outbox()


def test_an_existing_member_is_not_tipped(client, referrer, outbox):
    MemberFactory(email="pieter@example.nl")
    client.force_login(referrer)
    for address in ("pieter@example.nl", "pieter+zaak@example.nl"):
        response = _tip(client, address)
        assert response.status_code == 400
        assert "al lid van het Ondernemersloket" in response.content.decode()
    assert not outbox()


def test_an_opted_out_address_is_not_mailed(client, referrer, outbox):
    opt_out("joost@example.com", Category.BULK)
    client.force_login(referrer)
    response = _tip(client, "joost@example.com")
    assert response.status_code == 400
    assert "wil geen mail van ons ontvangen" in response.content.decode()
    assert not outbox() and not Referral.objects.exists()


def test_nobody_is_tipped_twice_whoever_tips(client, referrer, outbox):
    other = MemberFactory(email="pieter@example.nl")
    services.tip_by_mail(referrer, email="joost@example.com")
    with pytest.raises(services.TipError) as error:
        services.tip_by_mail(other, email="joost+x@example.com")
    assert error.value.code == "already"
    assert len(outbox()) == 1


def test_tips_per_day_are_limited(referrer):
    ReferralProgramme.objects.update_or_create(defaults={"tips_per_day": 2})
    services.tip_by_mail(referrer, email="a@example.com")
    services.tip_by_mail(referrer, email="b@example.com")
    with pytest.raises(services.TipError) as error:
        services.tip_by_mail(referrer, email="c@example.com")
    assert error.value.code == "limit"


def test_the_page_lists_my_tips_with_a_constant_number_of_queries(
    client, referrer, django_assert_max_num_queries
):
    client.force_login(referrer)
    services.tip_by_mail(referrer, email="a@example.com", name="Anna")
    with django_assert_max_num_queries(60) as few:
        response = client.get(reverse("campaigns:tip_page"))
    assert "Anna" in response.content.decode() and "Getipt" in response.content.decode()
    ReferralProgramme.objects.update_or_create(defaults={"tips_per_day": 50})
    for _n in range(20):
        signed_up = MemberFactory()
        Referral.objects.create(
            referrer=referrer, referred=signed_up, channel="link", status="aangemeld"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("campaigns:tip_page"))
