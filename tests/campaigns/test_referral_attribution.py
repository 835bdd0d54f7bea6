"""Attribution: through the link, the mail's link, or the tipped address; forged codes."""

import pytest

from django.core import signing
from django.urls import reverse

from campaigns import services
from campaigns.models import Referral
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Referral.Status


def test_the_link_remembers_the_referrer_and_invites_to_sign_up(client, referrer):
    code = services.code_for(referrer)
    response = client.get(reverse("campaigns:referral_link", args=[code]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup")
    assert services.read_cookie(response.cookies[services.COOKIE_NAME].value)[0] == code


def test_a_forged_code_gets_a_friendly_404(client, referrer):
    response = client.get(reverse("campaigns:referral_link", args=["NEP12345"]))
    assert response.status_code == 404
    assert "Deze tiplink kennen we niet" in response.content.decode()
    assert services.COOKIE_NAME not in response.cookies
    response = client.get(reverse("campaigns:tip_page") + "?ref=%3Cscript%3E")
    assert response.status_code == 404


def test_a_forged_cookie_is_ignored(client, referrer):
    client.cookies[services.COOKIE_NAME] = "vervalst"
    user = UserFactory(email="nieuw@example.com", email_verified=True)
    client.login(email=user.email, password=PASSWORD)
    assert not Referral.objects.exists()


def test_signing_up_after_the_link_attributes_at_first_log_in_and_it_sticks(client, referrer):
    code = services.code_for(referrer)
    client.get(reverse("campaigns:referral_link", args=[code]))
    user = UserFactory(email="nieuw@example.com", email_verified=True)
    assert client.login(email=user.email, password=PASSWORD)
    referral = Referral.objects.get(referred=user)
    assert referral.referrer == referrer and referral.status == Status.SIGNED_UP
    # another device, no cookie: the attribution is on the account
    other_device = client.__class__()
    other_device.login(email=user.email, password=PASSWORD)
    assert Referral.objects.filter(referred=user).count() == 1


def test_the_tipped_address_is_attributed_on_sign_up_and_then_erased(
    referrer, django_capture_on_commit_callbacks
):
    services.tip_by_mail(referrer, email="joost@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        user = UserFactory(email="Joost@example.com")
    referral = Referral.objects.get()
    assert referral.referred == user and referral.status == Status.SIGNED_UP
    assert referral.email == "" and referral.address_erased_at


def test_the_mail_link_attributes_on_another_address(client, referrer):
    referral = services.tip_by_mail(referrer, email="joost@example.com")
    token = signing.dumps(referral.pk, salt=services.TIP_SALT)
    code = services.code_for(referrer)
    client.get(reverse("campaigns:referral_link", args=[code]) + f"?tip={token}")
    user = UserFactory(email="joost@bakkerij.nl", email_verified=True)
    client.login(email=user.email, password=PASSWORD)
    referral.refresh_from_db()
    assert referral.referred == user and referral.channel == Referral.Channel.MAIL


def test_existing_members_are_not_attributed(referrer):
    from datetime import timedelta

    from django.utils import timezone

    old = MemberFactory()
    type(old).objects.filter(pk=old.pk).update(date_joined=timezone.now() - timedelta(days=400))
    old.refresh_from_db()
    assert services.attribute(old, code=services.code_for(referrer)) is None


def test_tipping_oneself_through_an_alias_account_is_rejected(referrer):
    alias = UserFactory(email="sanne+tweede@example.nl")
    referral = services.attribute(alias, code=services.code_for(referrer))
    assert referral.status == Status.REJECTED


def test_ones_own_code_attributes_nothing(referrer):
    assert services.attribute(referrer, code=services.code_for(referrer)) is None


def test_a_code_typed_at_sign_up_attributes(referrer):
    user = UserFactory(email="nieuw@bakkerij.nl", last_name="Bakker")
    code = services.code_for(referrer).lower()
    referral = services.attribute(user, code=f"  {code} ", channel=Referral.Channel.CODE)
    assert referral.referrer == referrer and referral.channel == Referral.Channel.CODE


def test_a_forged_code_typed_at_sign_up_attributes_nothing(referrer):
    user = UserFactory(email="nieuw@bakkerij.nl")
    assert services.attribute(user, code="ABCDEFGH", channel=Referral.Channel.CODE) is None
    assert services.attribute(user, code="x" * 500, channel=Referral.Channel.CODE) is None
    assert not Referral.objects.exists()


def test_the_page_link_with_ref_welcomes_and_remembers(client, referrer):
    code = services.code_for(referrer)
    response = client.get(reverse("campaigns:tip_page") + f"?ref={code.lower()}")
    assert response.status_code == 200
    assert "Sanne de Vries tipte je het Ondernemersloket" in response.content.decode()
    assert services.read_cookie(response.cookies[services.COOKIE_NAME].value)[0] == code
