"""Sign-up, e-mail verification and resending the link."""

import time
from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

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

    def test_a_sign_up_before_the_owner_cannot_take_the_account_over(self, client, send):
        # An attacker signs up first with somebody else's address and a password of their own.
        send(
            client.post,
            SIGNUP,
            signup_data(first_name="Indringer", password="Mijn-eigen-sleutel-7"),
        )
        attackers_link = link_in(mails_to("anouk@example.nl")[0], "/account/bevestigen/")
        mail.outbox.clear()

        # Then the owner signs up, within the same hour.
        response = send(client.post, SIGNUP, signup_data())

        assert response.status_code == 302
        assert response.url == reverse("accounts:check_mail")
        user = User.objects.get(email="anouk@example.nl")
        assert user.check_password("Tulpenveld-in-april")
        assert not user.check_password("Mijn-eigen-sleutel-7")
        assert (user.first_name, user.last_name) == ("Anouk", "de Vries")
        assert user.profile.privacy_consent_version == PRIVACY_STATEMENT_VERSION
        [message] = mails_to("anouk@example.nl")
        owners_link = link_in(message, "/account/bevestigen/")
        assert owners_link != attackers_link

        # The first link no longer works, whether opened or posted.
        stale = client.get(attackers_link)
        assert stale.status_code == 400
        assert "Er is een nieuwere link" in stale.content.decode()
        assert client.post(attackers_link).status_code == 400
        user.refresh_from_db()
        assert not user.email_verified

        # The owner confirms; the attacker's password opens nothing.
        client.post(owners_link)
        client.logout()
        attacker = client.post(
            "/account/inloggen/",
            {"username": "anouk@example.nl", "password": "Mijn-eigen-sleutel-7"},
        )
        assert attacker.status_code == 400
        owner = client.post(
            "/account/inloggen/",
            {"username": "anouk@example.nl", "password": "Tulpenveld-in-april"},
        )
        assert owner.status_code == 302

    def test_a_new_sign_up_restarts_the_clock_of_the_purge(self, client, send, unverified):
        User.objects.filter(pk=unverified.pk).update(
            date_joined=timezone.now() - timedelta(days=30)
        )
        send(client.post, SIGNUP, signup_data(email="joost@example.nl"))
        assert services.purge_unverified_accounts() == 0
        assert User.objects.filter(pk=unverified.pk).exists()

    @pytest.mark.parametrize(
        "claim",
        [
            {"is_staff": True},
            {"last_login": timezone.now()},
        ],
        ids=["staff", "logged-in-before"],
    )
    def test_a_claimed_unverified_account_keeps_its_password(self, client, send, unverified, claim):
        User.objects.filter(pk=unverified.pk).update(**claim)
        send(client.post, SIGNUP, signup_data(email="joost@example.nl"))
        unverified.refresh_from_db()
        assert unverified.check_password(PASSWORD)
        assert unverified.first_name == "Joost"
        [message] = mails_to("joost@example.nl")
        assert "/account/bevestigen/" in message.body

    def test_an_unverified_account_with_a_role_keeps_its_password(self, client, send, unverified):
        unverified.groups.add(Group.objects.get(name="Communitymanagers"))
        send(client.post, SIGNUP, signup_data(email="joost@example.nl"))
        unverified.refresh_from_db()
        assert unverified.check_password(PASSWORD)

    def test_repeated_sign_ups_for_one_address_send_a_few_mails_at_most(self, client, send):
        for number in range(services.SIGNUP_MAIL_LIMIT + 3):
            send(client.post, SIGNUP, signup_data(password=f"Tulpenveld-in-april-{number}"))
        assert len(mails_to("anouk@example.nl")) == services.SIGNUP_MAIL_LIMIT + 1
        # The newest submission is what counts.
        assert User.objects.get().check_password(
            f"Tulpenveld-in-april-{services.SIGNUP_MAIL_LIMIT + 2}"
        )

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
    def test_the_link_shows_a_button_that_verifies_and_logs_in(self, client, send):
        send(client.post, SIGNUP, signup_data())
        link = link_in(mails_to("anouk@example.nl")[0], "/account/bevestigen/")

        page = client.get(link)

        assert page.status_code == 200
        assert "Bevestig mijn e-mailadres" in page.content.decode()
        assert "anouk@example.nl" in page.content.decode()
        assert "no-store" in page["Cache-Control"]
        assert not User.objects.get(email="anouk@example.nl").email_verified
        assert not page.context["user"].is_authenticated

        response = client.post(link, follow=True)

        assert response.redirect_chain[-1][0] == reverse("accounts:profile")
        assert User.objects.get(email="anouk@example.nl").email_verified
        assert response.context["user"].email == "anouk@example.nl"
        assert "Welkom bij het Ondernemersloket, Anouk!" in response.content.decode()

    def test_a_mail_scanner_opening_the_link_confirms_nothing(self, client, unverified):
        link = reverse("accounts:verify", args=[services.verification_token(unverified)])
        for _ in range(3):
            assert client.get(link).status_code == 200
        unverified.refresh_from_db()
        assert not unverified.email_verified
        assert "_auth_user_id" not in client.session
        # The member's own click still works afterwards.
        assert client.post(link).status_code == 302
        unverified.refresh_from_db()
        assert unverified.email_verified

    def test_the_button_needs_the_csrf_token(self, unverified):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        link = reverse("accounts:verify", args=[services.verification_token(unverified)])
        assert strict.post(link).status_code == 403
        unverified.refresh_from_db()
        assert not unverified.email_verified

    def test_a_second_click_asks_to_log_in(self, client, unverified):
        token = services.verification_token(unverified)
        client.post(reverse("accounts:verify", args=[token]))
        client.logout()

        for method in (client.get, client.post):
            response = method(reverse("accounts:verify", args=[token]), follow=True)
            assert response.redirect_chain[-1][0] == reverse("accounts:login")
            assert "al bevestigd" in response.content.decode()
            assert not response.context["user"].is_authenticated

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_expired_link_gets_a_clear_page_with_the_address_filled_in(
        self, client, unverified, monkeypatch, method
    ):
        real_time = time.time
        monkeypatch.setattr(signing.time, "time", lambda: real_time() - 4 * 24 * 60 * 60)
        token = services.verification_token(unverified)
        monkeypatch.undo()

        response = getattr(client, method)(reverse("accounts:verify", args=[token]))

        assert response.status_code == 400
        page = response.content.decode()
        assert "Deze link is verlopen" in page
        assert 'value="joost@example.nl"' in page
        assert "Stuur opnieuw" in page
        unverified.refresh_from_db()
        assert not unverified.email_verified

    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize(
        "mangle",
        [
            lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            lambda token: "x" + token,
            lambda token: "onzin",
        ],
    )
    def test_a_tampered_link_is_refused(self, client, unverified, mangle, method):
        token = mangle(services.verification_token(unverified))
        response = getattr(client, method)(reverse("accounts:verify", args=[token]))
        assert response.status_code == 400
        assert "Deze link klopt niet" in response.content.decode()
        unverified.refresh_from_db()
        assert not unverified.email_verified

    def test_a_token_signed_for_something_else_is_refused(self, client, unverified):
        token = signing.dumps({"u": unverified.pk, "e": unverified.email}, salt="iets-anders")
        assert client.post(reverse("accounts:verify", args=[token])).status_code == 400

    def test_a_token_without_the_password_fingerprint_is_refused(self, client, unverified):
        token = signing.dumps(
            {"u": unverified.pk, "e": unverified.email}, salt=services.VERIFY_SALT, compress=True
        )
        assert client.post(reverse("accounts:verify", args=[token])).status_code == 400
        unverified.refresh_from_db()
        assert not unverified.email_verified

    def test_a_link_stops_working_when_the_address_changed(self, client, unverified):
        token = services.verification_token(unverified)
        unverified.email = "ander@example.nl"
        unverified.save()
        assert client.post(reverse("accounts:verify", args=[token])).status_code == 400

    def test_a_link_stops_working_when_the_password_changed(self, client, unverified):
        token = services.verification_token(unverified)
        unverified.set_password("Een-heel-ander-wachtwoord-3")
        unverified.save()
        assert client.post(reverse("accounts:verify", args=[token])).status_code == 400
        unverified.refresh_from_db()
        assert not unverified.email_verified

    def test_a_deleted_account_cannot_be_verified(self, client, unverified):
        token = services.verification_token(unverified)
        services.delete_account(unverified, keep_content=True)
        assert client.get(reverse("accounts:verify", args=[token])).status_code == 400
        assert client.post(reverse("accounts:verify", args=[token])).status_code == 400

    def test_other_methods_are_refused(self, client, unverified):
        link = reverse("accounts:verify", args=[services.verification_token(unverified)])
        assert client.put(link).status_code == 405
        unverified.refresh_from_db()
        assert not unverified.email_verified


@pytest.mark.django_db
class TestResend:
    url = "/account/bevestigen/opnieuw/"

    def test_sends_a_new_link_to_an_unverified_account(self, client, send, unverified):
        response = send(client.post, self.url, {"email": "Joost@example.nl"})
        assert response.status_code == 302
        [message] = mails_to("joost@example.nl")
        link = link_in(message, "/account/bevestigen/")
        client.post(link)
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
