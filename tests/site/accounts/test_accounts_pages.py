"""Every account page answers with the status a visitor should get, signed in or not, and odd
input gets a Dutch message and a 400 without changing anything."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from loket.accounts import services
from loket.accounts.models import Profile
from loket.mail.models import OutgoingMail
from tests.factories import PASSWORD

User = get_user_model()
LOGIN_FIRST = "login"  # a redirect to the log-in page, with ?next=
OVERVIEW = "overview"  # a signed-in member is sent to their account

# name, args, expected for an anonymous visitor, expected for a signed-in member
PAGES = [
    ("overview", [], LOGIN_FIRST, 200),
    ("signup", [], 200, OVERVIEW),
    ("check_mail", [], 200, 200),
    ("resend_verification", [], 200, 200),
    ("verify", ["x" * 500], 400, 400),
    ("login", [], 200, OVERVIEW),
    ("logout", [], 200, 200),
    ("password_reset", [], 200, 200),
    ("password_reset_done", [], 200, 200),
    ("password_reset_complete", [], 200, 200),
    ("password_reset_confirm", ["MQ", "set-password"], 400, 400),
    ("password_change", [], LOGIN_FIRST, 200),
    ("profile", [], LOGIN_FIRST, 200),
    ("data", [], LOGIN_FIRST, 200),
    ("data_download", [], LOGIN_FIRST, 200),
    ("delete", [], LOGIN_FIRST, 200),
    ("deleted", [], 200, 200),
    ("privacy", [], 200, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args", "anonymous", "signed_in"), PAGES, ids=[p[0] for p in PAGES]
)
@pytest.mark.parametrize("as_member", [False, True], ids=["anonymous", "member"])
def test_every_page_answers_as_expected(
    client, member, name, args, anonymous, signed_in, as_member
):
    if as_member:
        client.force_login(member)
    url = reverse(f"accounts:{name}", args=args)
    expected = signed_in if as_member else anonymous

    response = client.get(url)

    if expected == LOGIN_FIRST:
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={url}"
    elif expected == OVERVIEW:
        assert response.status_code == 302
        assert response.url == reverse("accounts:overview")
    else:
        assert response.status_code == expected


GARBAGE = {
    "email": "\x00" * 3,
    "username": "\x00" * 3,
    "password": ["a", "b"],
    "kvk_number": "💥" * 50,
    "photo": "x",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "as_member", "message"),
    [
        ("signup", False, "Voer een geldig e-mailadres in."),
        ("resend_verification", False, "Voer een geldig e-mailadres in."),
        ("login", False, "Null-tekens zijn niet toegestaan."),
        ("password_reset", False, "Voer een geldig e-mailadres in."),
        ("profile", True, "Zorg dat deze waarde niet meer dan 20 tekens bevat"),
        ("delete", True, "Dit wachtwoord klopt niet."),
    ],
)
def test_garbage_posts_get_a_400_with_a_dutch_message_and_change_nothing(
    client, member, name, as_member, message
):
    if as_member:
        client.force_login(member)
    profile_before = Profile.objects.filter(user=member).values().get()
    users_before = list(User.objects.order_by("pk").values())

    response = client.post(reverse(f"accounts:{name}"), GARBAGE)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(User.objects.order_by("pk").values()) == users_before
    assert Profile.objects.filter(user=member).values().get() == profile_before
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []
    member.refresh_from_db()
    assert member.is_active and member.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_privacy_statement_records_its_version(client):
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "Privacyverklaring" in page
    assert services.privacy.PRIVACY_STATEMENT_VERSION in page
