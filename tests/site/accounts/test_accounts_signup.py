"""Sign-up, e-mail verification and resending the link."""

import time

import pytest

from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from loket.accounts import services
from loket.accounts.privacy import PRIVACY_STATEMENT_VERSION
from loket.mail.models import OutgoingMail
from tests.factories import PASSWORD
from tests.site.accounts.helpers import link_in, mails_to

User = get_user_model()
SIGNUP = "/account/aanmelden/"


def signup_data(**overrides):
    data = {
        "first_name": "Anouk",
        "last_name": "de Vries",
        "email": "anouk@example.nl",
        "password": "Tulpenveld-in-april",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
class TestSignUp:
    def test_the_page_is_in_dutch(self, client):
        response = client.get(SIGNUP)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Word lid van het Ondernemersloket" in page
        assert 'for="id_email"' in page
        assert reverse("accounts:privacy") in page

    def test_creates_an_unverified_member_and_mails_a_link(self, client, send):
        response = send(client.post, SIGNUP, signup_data())

        assert response.status_code == 302
        assert response.url == reverse("accounts:check_mail")
        user = User.objects.get(email="anouk@example.nl")
        assert not user.email_verified
        assert user.first_name == "Anouk"
        assert user.check_password("Tulpenveld-in-april")
        assert user.profile.privacy_consent_at is not None
        assert user.profile.privacy_consent_version == PRIVACY_STATEMENT_VERSION
        [message] = mails_to("anouk@example.nl")
        assert message.subject == "Bevestig je e-mailadres voor het Ondernemersloket"
        assert "/account/bevestigen/" in message.body
        assert message.alternatives and "Bevestig mijn e-mailadres" in message.alternatives[0][0]

    def test_the_check_mail_page_names_the_address(self, client, send):
        send(client.post, SIGNUP, signup_data())
        page = client.get(reverse("accounts:check_mail")).content.decode()
        assert "Kijk in je mail" in page
        assert "anouk@example.nl" in page

    def test_the_address_is_stored_in_lower_case(self, client, send):
        send(client.post, SIGNUP, signup_data(email="Anouk@Example.NL"))
        assert User.objects.filter(email="anouk@example.nl").exists()

    def test_duplicate_address_looks_the_same_and_mails_the_owner(self, client, send, member):
        new = send(client.post, SIGNUP, signup_data(email="nieuw@example.nl"))
        mail.outbox.clear()
        duplicate = send(
            client.post, SIGNUP, signup_data(email="FATIMA@example.nl", first_name="Indringer")
        )

        assert duplicate.status_code == new.status_code == 302
        assert duplicate.url == new.url
        assert User.objects.filter(email__iexact="fatima@example.nl").count() == 1
        member.refresh_from_db()
        assert member.first_name == "Fatima"
        assert member.check_password(PASSWORD)
        [message] = mails_to("fatima@example.nl")
        assert message.subject == "Je hebt al een account bij het Ondernemersloket"
        assert "/account/inloggen/" in message.body
        assert "/account/wachtwoord-vergeten/" in message.body

    def test_duplicate_of_an_unverified_account_sends_a_new_link(self, client, send, unverified):
        send(client.post, SIGNUP, signup_data(email="joost@example.nl"))
        [message] = mails_to("joost@example.nl")
        assert "/account/bevestigen/" in message.body
        unverified.refresh_from_db()
        assert unverified.check_password(PASSWORD)

    def test_a_double_submit_sends_one_mail(self, client, send):
        send(client.post, SIGNUP, signup_data())
        send(client.post, SIGNUP, signup_data())
        assert len(mails_to("anouk@example.nl")) == 1

    def test_consent_is_required(self, client):
        response = client.post(SIGNUP, signup_data(privacy_consent=None))
        assert response.status_code == 400
        assert "akkoord gaat met de privacyverklaring" in response.content.decode()
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("kort1", "Je wachtwoord is te kort: gebruik minstens 8 tekens."),
            ("12345678901", "Je wachtwoord bestaat alleen uit cijfers."),
            ("wachtwoord", "Dit wachtwoord wordt te vaak gebruikt."),
        ],
    )
    def test_weak_passwords_get_a_dutch_message(self, client, password, message):
        response = client.post(SIGNUP, signup_data(password=password))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not User.objects.exists()

    def test_a_password_like_the_address_is_refused(self, client):
        response = client.post(SIGNUP, signup_data(password="anouk@example.nl"))
        assert response.status_code == 400
        assert "Je wachtwoord lijkt te veel op je e-mailadres" in response.content.decode()

    @pytest.mark.parametrize("email", ["", "anouk", "anouk@", "a b@example.nl"])
    def test_invalid_addresses_are_refused(self, client, email):
        response = client.post(SIGNUP, signup_data(email=email))
        assert response.status_code == 400
        assert not User.objects.exists()

    def test_tags_in_names_are_stripped(self, client, send):
        send(client.post, SIGNUP, signup_data(first_name="<b>Anouk</b><script>x()</script>"))
        assert User.objects.get().first_name == "Anouk"

    def test_signed_in_members_go_to_their_account(self, member_client):
        response = member_client.get(SIGNUP)
        assert response.status_code == 302
        assert response.url == reverse("accounts:overview")


@pytest.mark.django_db
class TestVerification:
    def test_the_link_from_the_mail_verifies_and_logs_in(self, client, send):
        send(client.post, SIGNUP, signup_data())
        link = link_in(mails_to("anouk@example.nl")[0], "/account/bevestigen/")

        response = client.get(link, follow=True)

        assert response.redirect_chain[-1][0] == reverse("accounts:profile")
        assert User.objects.get(email="anouk@example.nl").email_verified
        assert response.context["user"].email == "anouk@example.nl"
        assert "Welkom bij het Ondernemersloket, Anouk!" in response.content.decode()

    def test_a_second_click_asks_to_log_in(self, client, unverified):
        token = services.verification_token(unverified)
        client.get(reverse("accounts:verify", args=[token]))
        client.logout()

        response = client.get(reverse("accounts:verify", args=[token]), follow=True)

        assert response.redirect_chain[-1][0] == reverse("accounts:login")
        assert "al bevestigd" in response.content.decode()
        assert not response.context["user"].is_authenticated

    def test_an_expired_link_gets_a_clear_page_with_the_address_filled_in(
        self, client, unverified, monkeypatch
    ):
        real_time = time.time
        monkeypatch.setattr(signing.time, "time", lambda: real_time() - 4 * 24 * 60 * 60)
        token = services.verification_token(unverified)
        monkeypatch.undo()

        response = client.get(reverse("accounts:verify", args=[token]))

        assert response.status_code == 400
        page = response.content.decode()
        assert "Deze link is verlopen" in page
        assert 'value="joost@example.nl"' in page
        assert "Stuur opnieuw" in page
        unverified.refresh_from_db()
        assert not unverified.email_verified

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            lambda token: "x" + token,
            lambda token: "onzin",
        ],
    )
    def test_a_tampered_link_is_refused(self, client, unverified, mangle):
        token = mangle(services.verification_token(unverified))
        response = client.get(reverse("accounts:verify", args=[token]))
        assert response.status_code == 400
        assert "Deze link klopt niet" in response.content.decode()
        unverified.refresh_from_db()
        assert not unverified.email_verified

    def test_a_token_signed_for_something_else_is_refused(self, client, unverified):
        token = signing.dumps({"u": unverified.pk, "e": unverified.email}, salt="iets-anders")
        assert client.get(reverse("accounts:verify", args=[token])).status_code == 400

    def test_a_link_stops_working_when_the_address_changed(self, client, unverified):
        token = services.verification_token(unverified)
        unverified.email = "ander@example.nl"
        unverified.save()
        assert client.get(reverse("accounts:verify", args=[token])).status_code == 400

    def test_a_deleted_account_cannot_be_verified(self, client, unverified):
        token = services.verification_token(unverified)
        services.delete_account(unverified, keep_content=True)
        assert client.get(reverse("accounts:verify", args=[token])).status_code == 400


@pytest.mark.django_db
class TestResend:
    url = "/account/bevestigen/opnieuw/"

    def test_sends_a_new_link_to_an_unverified_account(self, client, send, unverified):
        response = send(client.post, self.url, {"email": "Joost@example.nl"})
        assert response.status_code == 302
        [message] = mails_to("joost@example.nl")
        link = link_in(message, "/account/bevestigen/")
        client.get(link)
        unverified.refresh_from_db()
        assert unverified.email_verified

    def test_unknown_and_verified_addresses_look_the_same_and_get_nothing(
        self, client, send, member
    ):
        unknown = send(client.post, self.url, {"email": "niemand@example.nl"})
        verified = send(client.post, self.url, {"email": member.email})
        assert unknown.status_code == verified.status_code == 302
        assert unknown.url == verified.url
        assert mail.outbox == []

    def test_is_rate_limited_per_address(self, client, send, unverified):
        for _ in range(services.RESEND_LIMIT):
            assert send(client.post, self.url, {"email": unverified.email}).status_code == 302

        response = send(client.post, self.url, {"email": unverified.email})

        assert response.status_code == 429
        assert "probeer het over een uur opnieuw" in response.content.decode()
        # Another address is not affected.
        assert send(client.post, self.url, {"email": "ander@example.nl"}).status_code == 302

    def test_the_limit_also_applies_to_unknown_addresses(self, client):
        for _ in range(services.RESEND_LIMIT):
            client.post(self.url, {"email": "niemand@example.nl"})
        assert client.post(self.url, {"email": "niemand@example.nl"}).status_code == 429

    def test_one_mail_per_hour_however_often_asked(self, client, send, unverified):
        for _ in range(services.RESEND_LIMIT):
            send(client.post, self.url, {"email": unverified.email})
        assert len(mails_to("joost@example.nl")) == 1
        assert OutgoingMail.objects.filter(to="joost@example.nl").count() == 1

    def test_the_form_is_prefilled_from_the_login_link(self, client):
        response = client.get(self.url + "?email=joost@example.nl")
        assert 'value="joost@example.nl"' in response.content.decode()

    def test_an_invalid_address_gets_a_dutch_message(self, client):
        response = client.post(self.url, {"email": "geen-adres"})
        assert response.status_code == 400
        assert "Voer een geldig e-mailadres in" in response.content.decode()
