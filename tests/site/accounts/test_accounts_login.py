"""Log-in, log-out, password reset and password change."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from loket.accounts import services
from tests.factories import PASSWORD
from tests.site.accounts.helpers import link_in, mails_to

User = get_user_model()
LOGIN = "/account/inloggen/"
GENERIC_ERROR = "Dit e-mailadres en wachtwoord horen niet bij elkaar"


def signed_in_user(client):
    return client.get(reverse("accounts:logout")).context["user"]


@pytest.mark.django_db
class TestLogin:
    def test_the_page_is_in_dutch(self, client):
        page = client.get(LOGIN).content.decode()
        assert "Inloggen" in page
        assert "E-mailadres" in page
        assert "Wachtwoord vergeten?" in page

    def test_a_verified_member_logs_in_with_any_capitalisation(self, client, member):
        response = client.post(LOGIN, {"username": "Fatima@Example.nl", "password": PASSWORD})
        assert response.status_code == 302
        assert response.url == reverse("accounts:overview")
        assert signed_in_user(client) == member

    def test_next_is_followed_on_this_site_only(self, client, member):
        data = {"username": member.email, "password": PASSWORD}
        response = client.post(LOGIN, {**data, "next": "/account/profiel/"})
        assert response.url == "/account/profiel/"
        client.logout()
        response = client.post(LOGIN, {**data, "next": "https://kwaadwillend.example/"})
        assert response.url == reverse("accounts:overview")

    def test_an_unverified_account_is_told_and_offered_a_new_link(self, client, unverified):
        response = client.post(LOGIN, {"username": unverified.email, "password": PASSWORD})

        assert response.status_code == 400
        page = response.content.decode()
        assert "Je hebt je e-mailadres nog niet bevestigd" in page
        assert reverse("accounts:resend_verification") + "?email=joost%40example.nl" in page
        assert not signed_in_user(client).is_authenticated

    @pytest.mark.parametrize(
        ("email", "password"),
        [
            ("fatima@example.nl", "fout-wachtwoord"),
            ("niemand@example.nl", PASSWORD),
            ("niemand@example.nl", "fout-wachtwoord"),
        ],
    )
    def test_wrong_credentials_get_one_generic_message(self, client, member, email, password):
        response = client.post(LOGIN, {"username": email, "password": password})
        assert response.status_code == 400
        page = response.content.decode()
        assert GENERIC_ERROR in page
        assert "nog niet bevestigd" not in page
        assert not signed_in_user(client).is_authenticated

    def test_an_unverified_account_with_a_wrong_password_reveals_nothing(self, client, unverified):
        response = client.post(LOGIN, {"username": unverified.email, "password": "fout"})
        page = response.content.decode()
        assert GENERIC_ERROR in page
        assert "nog niet bevestigd" not in page

    def test_a_deactivated_account_gets_the_generic_message(self, client, member):
        member.is_active = False
        member.save()
        response = client.post(LOGIN, {"username": member.email, "password": PASSWORD})
        assert GENERIC_ERROR in response.content.decode()

    def test_empty_form(self, client):
        response = client.post(LOGIN, {})
        assert response.status_code == 400
        assert "Dit is een verplicht veld." in response.content.decode()


@pytest.mark.django_db
class TestLogout:
    def test_get_asks_to_confirm_and_keeps_you_logged_in(self, member_client, member):
        response = member_client.get("/account/uitloggen/")
        assert response.status_code == 200
        assert "Wil je uitloggen?" in response.content.decode()
        assert signed_in_user(member_client) == member

    def test_post_logs_out(self, member_client):
        response = member_client.post("/account/uitloggen/", follow=True)
        assert response.redirect_chain[-1][0] == "/"
        assert not signed_in_user(member_client).is_authenticated


@pytest.mark.django_db
class TestPasswordReset:
    url = "/account/wachtwoord-vergeten/"

    def test_end_to_end_with_the_link_from_the_mail(self, client, send, member):
        response = send(client.post, self.url, {"email": "fatima@example.nl"})
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")
        [message] = mails_to("fatima@example.nl")
        assert message.subject == "Je nieuwe wachtwoord voor het Ondernemersloket"
        link = link_in(message, "/account/wachtwoord-herstellen/")

        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200
        assert "Kies een nieuw wachtwoord" in form_page.content.decode()
        set_password_url = form_page.redirect_chain[-1][0]
        done = client.post(
            set_password_url,
            {"new_password1": "Nieuwe-lente-2027", "new_password2": "Nieuwe-lente-2027"},
        )
        assert done.status_code == 302
        assert done.url == reverse("accounts:password_reset_complete")
        assert "Je nieuwe wachtwoord is opgeslagen" in client.get(done.url).content.decode()

        login = client.post(LOGIN, {"username": member.email, "password": "Nieuwe-lente-2027"})
        assert login.status_code == 302
        # The link works once.
        assert client.get(link, follow=True).status_code == 400

    def test_reset_confirms_the_address_of_an_unverified_account(self, client, send, unverified):
        send(client.post, self.url, {"email": unverified.email})
        link = link_in(mails_to(unverified.email)[0], "/account/wachtwoord-herstellen/")
        url = client.get(link, follow=True).redirect_chain[-1][0]
        client.post(
            url, {"new_password1": "Nieuwe-lente-2027", "new_password2": "Nieuwe-lente-2027"}
        )
        unverified.refresh_from_db()
        assert unverified.email_verified

    def test_unknown_address_looks_the_same_and_sends_nothing(self, client, send):
        response = send(client.post, self.url, {"email": "niemand@example.nl"})
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")
        assert mail.outbox == []

    def test_is_rate_limited_silently(self, client, send, member):
        for _ in range(services.PASSWORD_RESET_LIMIT + 2):
            assert send(client.post, self.url, {"email": member.email}).status_code == 302
        assert len(mails_to(member.email)) <= services.PASSWORD_RESET_LIMIT

    def test_a_tampered_link_gets_a_clear_page(self, client):
        response = client.get("/account/wachtwoord-herstellen/MQ/abc-123/", follow=True)
        assert response.status_code == 400
        assert "Deze link werkt niet meer" in response.content.decode()

    def test_mismatching_passwords_get_a_dutch_message(self, client, send, member):
        send(client.post, self.url, {"email": member.email})
        link = link_in(mails_to(member.email)[0], "/account/wachtwoord-herstellen/")
        url = client.get(link, follow=True).redirect_chain[-1][0]
        response = client.post(
            url, {"new_password1": "Nieuwe-lente-2027", "new_password2": "Andere-lente-2027"}
        )
        assert response.status_code == 400
        assert "komen niet overeen" in response.content.decode()

    def test_pages_are_in_dutch(self, client):
        assert "Wachtwoord vergeten?" in client.get(self.url).content.decode()
        assert (
            "Kijk in je mail"
            in client.get("/account/wachtwoord-vergeten/verstuurd/").content.decode()
        )


@pytest.mark.django_db
class TestPasswordChange:
    url = "/account/wachtwoord-wijzigen/"

    def test_changes_the_password_and_stays_logged_in(self, member_client, member):
        response = member_client.post(
            self.url,
            {
                "old_password": PASSWORD,
                "new_password1": "Nieuwe-lente-2027",
                "new_password2": "Nieuwe-lente-2027",
            },
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.check_password("Nieuwe-lente-2027")
        assert signed_in_user(member_client) == member

    def test_wrong_old_password(self, member_client):
        response = member_client.post(
            self.url,
            {
                "old_password": "fout",
                "new_password1": "Nieuwe-lente-2027",
                "new_password2": "Nieuwe-lente-2027",
            },
        )
        assert response.status_code == 400

    def test_needs_login(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
