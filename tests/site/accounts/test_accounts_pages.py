"""Every account page answers without a server error, signed in or not, including odd input."""

import pytest

from django.urls import reverse

from loket.accounts import services

PAGES = [
    ("overview", []),
    ("signup", []),
    ("check_mail", []),
    ("resend_verification", []),
    ("verify", ["x" * 500]),
    ("login", []),
    ("logout", []),
    ("password_reset", []),
    ("password_reset_done", []),
    ("password_reset_complete", []),
    ("password_reset_confirm", ["MQ", "set-password"]),
    ("password_change", []),
    ("profile", []),
    ("data", []),
    ("data_download", []),
    ("delete", []),
    ("deleted", []),
    ("privacy", []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES, ids=[name for name, _ in PAGES])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_no_page_errors(client, member, name, args, signed_in):
    if signed_in:
        client.force_login(member)
    response = client.get(reverse(f"accounts:{name}", args=args))
    assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["signup", "resend_verification", "login", "password_reset", "profile", "delete"]
)
def test_garbage_posts_get_a_4xx(member_client, name):
    response = member_client.post(
        reverse(f"accounts:{name}"),
        {"email": "\x00" * 3, "password": ["a", "b"], "kvk_number": "💥" * 50, "photo": "x"},
    )
    assert 300 <= response.status_code < 500


@pytest.mark.django_db
def test_the_privacy_statement_records_its_version(client):
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "Privacyverklaring" in page
    assert services.privacy.PRIVACY_STATEMENT_VERSION in page
