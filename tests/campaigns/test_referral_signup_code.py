"""The tip code at sign-up: checked by the form, attributed on ``member_signed_up``.

Which wins when there is more than one: a tip by mail to the very address, then the typed code,
then the link cookie (see ``campaigns.services.attribute_at_sign_up``).
"""

import pytest

from django.urls import reverse

from campaigns import services
from campaigns.models import Referral
from loket.accounts.models import User
from loket.credits.models import CreditTransaction
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

Status = Referral.Status
Channel = Referral.Channel


def sign_up(client, email="joost@bakkerij-bakker.nl", **extra):
    data = {
        "first_name": "Joost",
        "last_name": "Bakker",
        "email": email,
        "password": "Krentenbol-op-zaterdag-9",
        "privacy_consent": "on",
        **extra,
    }
    return client.post(reverse("accounts:signup"), data)


def test_a_valid_code_attributes_the_new_account(client, referrer):
    code = services.code_for(referrer)
    response = sign_up(client, tip_code=code)
    assert response.status_code == 302
    user = User.objects.get(email="joost@bakkerij-bakker.nl")
    referral = Referral.objects.get(referred=user)
    assert referral.referrer == referrer
    assert referral.channel == Channel.CODE
    assert referral.status == Status.SIGNED_UP


def test_lowercase_spaces_and_dashes_are_normalised(client, referrer):
    code = services.code_for(referrer)
    typed = f"  {code[:4].lower()} - {code[4:].lower()} "
    assert sign_up(client, tip_code=typed).status_code == 302
    assert Referral.objects.get(referred__email="joost@bakkerij-bakker.nl").referrer == referrer


@pytest.mark.parametrize(
    "code", ["NEP12345", "<script>alert(1)</script>", "X" * 39, "ÄÖÜ\u202e1234"]
)
def test_an_unknown_or_forged_code_is_a_form_error_and_no_account(client, referrer, code):
    services.code_for(referrer)
    response = sign_up(client, tip_code=code)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze tipcode kennen we niet. Kijk je hem even na?" in html
    assert "<script>alert(1)</script>" not in html
    assert not User.objects.filter(email="joost@bakkerij-bakker.nl").exists()
    assert not Referral.objects.exists()


def test_an_overlong_code_is_refused_by_the_field(client):
    response = sign_up(client, tip_code="A" * 41)
    assert response.status_code == 400
    assert "Zo lang is een tipcode niet" in response.content.decode()
    assert not User.objects.filter(email="joost@bakkerij-bakker.nl").exists()


def test_the_code_of_a_deactivated_member_is_unknown(client, referrer):
    code = services.code_for(referrer)
    User.objects.filter(pk=referrer.pk).update(is_active=False)
    assert sign_up(client, tip_code=code).status_code == 400
    assert not User.objects.filter(email="joost@bakkerij-bakker.nl").exists()


def test_an_empty_code_is_fine(client, referrer):
    assert sign_up(client, tip_code="  ").status_code == 302
    assert User.objects.filter(email="joost@bakkerij-bakker.nl").exists()
    assert not Referral.objects.exists()


def test_ones_own_code_is_rejected_as_a_self_tip_and_never_earns(client, referrer, attend):
    """The form does not say "that is your own code": that would tell anyone trying addresses
    whose code it is. The sign-up looks like any other; the referral is rejected."""
    code = services.code_for(referrer)
    response = sign_up(client, email="sanne+tweede@example.nl", tip_code=code)
    assert response.status_code == 302
    user = User.objects.get(email="sanne+tweede@example.nl")
    referral = Referral.objects.get(referred=user)
    assert referral.status == Status.REJECTED
    assert referral.rejection_reason == "Zelf getipt"

    User.objects.filter(pk=user.pk).update(email_verified=True)
    attend(User.objects.get(pk=user.pk))
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED
    assert not CreditTransaction.objects.exists()


def test_arriving_by_link_prefills_the_code(client, referrer):
    code = services.code_for(referrer)
    response = client.get(reverse("campaigns:referral_link", args=[code]), follow=True)
    html = response.content.decode()
    assert 'name="tip_code" id="id_tip_code"' in html
    assert f'value="{code}"' in html


def test_keeping_the_prefilled_code_counts_as_the_link(client, referrer):
    code = services.code_for(referrer)
    client.get(reverse("campaigns:referral_link", args=[code]))
    assert sign_up(client, tip_code=code).status_code == 302
    referral = Referral.objects.get(referred__email="joost@bakkerij-bakker.nl")
    assert referral.referrer == referrer and referral.channel == Channel.LINK


def test_a_typed_code_beats_the_cookie_of_another_member(client, referrer):
    other = MemberFactory(email="pieter@example.nl", first_name="Pieter", last_name="Jansen")
    client.get(reverse("campaigns:referral_link", args=[services.code_for(other)]))
    code = services.code_for(referrer)

    assert sign_up(client, tip_code=code).status_code == 302

    user = User.objects.get(email="joost@bakkerij-bakker.nl")
    referral = Referral.objects.get(referred=user)
    assert referral.referrer == referrer and referral.channel == Channel.CODE
    # Logging in later on this device (with the other member's cookie) changes nothing.
    User.objects.filter(pk=user.pk).update(email_verified=True)
    client.force_login(User.objects.get(pk=user.pk))
    assert Referral.objects.get(referred=user).referrer == referrer


def test_without_a_code_the_link_cookie_attributes_at_sign_up(client, referrer):
    client.get(reverse("campaigns:referral_link", args=[services.code_for(referrer)]))
    assert sign_up(client, tip_code="").status_code == 302
    referral = Referral.objects.get(referred__email="joost@bakkerij-bakker.nl")
    assert referral.referrer == referrer and referral.channel == Channel.LINK


def test_a_tip_by_mail_to_the_address_beats_a_typed_code(client, referrer):
    services.tip_by_mail(referrer, email="joost@bakkerij-bakker.nl")
    other = MemberFactory(email="pieter@example.nl", first_name="Pieter", last_name="Jansen")

    assert sign_up(client, tip_code=services.code_for(other)).status_code == 302

    referral = Referral.objects.get(referred__email="joost@bakkerij-bakker.nl")
    assert referral.referrer == referrer and referral.channel == Channel.MAIL
    assert Referral.objects.count() == 1


def test_a_sign_up_in_someone_elses_name_does_not_keep_its_code(client, referrer):
    """Somebody signs up first with the owner's address and their own code; the owner signs up
    (without a code) and confirms: the account is not the other's referral."""
    code = services.code_for(referrer)
    assert sign_up(client, tip_code=code).status_code == 302
    assert Referral.objects.filter(referred__email="joost@bakkerij-bakker.nl").exists()
    client.cookies.clear()
    assert sign_up(client, password="Eigen-wachtwoord-van-joost-1").status_code == 302
    assert not Referral.objects.filter(referred__email="joost@bakkerij-bakker.nl").exists()


def test_the_latest_sign_up_sets_the_code(client, referrer):
    other = MemberFactory(email="anna@drukkerij-jansen.nl")
    assert sign_up(client, tip_code=services.code_for(other)).status_code == 302
    assert sign_up(client, tip_code=services.code_for(referrer)).status_code == 302
    referral = Referral.objects.get(referred__email="joost@bakkerij-bakker.nl")
    assert referral.referrer == referrer
