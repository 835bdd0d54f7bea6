"""Log-in throttling: per account from anywhere, per network over many accounts, on the site and
in the admin, with one Dutch answer for known and unknown addresses, lifted by a password reset."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.utils import timezone

from loket.accounts.throttling import client_ip
from tests.factories import PASSWORD, MemberFactory
from tests.site.accounts.helpers import link_in, mails_to

User = get_user_model()
LOGIN = "/account/inloggen/"
ADMIN_LOGIN = "/admin/login/"
GENERIC_ERROR = "Dit e-mailadres en wachtwoord horen niet bij elkaar"
LOCKED = "Te veel mislukte pogingen om in te loggen"
HOME = "10.1.1.1"
ELSEWHERE = "192.0.2.7"


def account_limit():
    return settings.AXES_FAILURE_LIMIT


def network_limit():
    return settings.LOGIN_NETWORK_FAILURE_LIMIT


def log_in(client, email, password, *, ip=HOME, url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(client):
    return client.get("/account/uitloggen/").context["user"].is_authenticated


def page_without_tokens(response):
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def fail_until_locked(client, email, *, ip=HOME, url=LOGIN):
    """Wrong passwords up to the account limit; returns the answer to the last one."""
    for _ in range(account_limit() - 1):
        response = log_in(client, email, "fout-wachtwoord", ip=ip, url=url)
        assert response.status_code in (200, 400)
    return log_in(client, email, "fout-wachtwoord", ip=ip, url=url)


@pytest.mark.django_db
class TestAccountLimit:
    def test_the_tries_before_the_limit_get_the_usual_answer(self, client, member):
        for _ in range(account_limit() - 1):
            response = log_in(client, member.email, "fout-wachtwoord")
            assert response.status_code == 400
            page = response.content.decode()
            assert GENERIC_ERROR in page
            assert LOCKED not in page

    def test_the_try_at_the_limit_locks_with_a_dutch_page(self, client, member):
        response = fail_until_locked(client, member.email)
        assert response.status_code == 429
        page = response.content.decode()
        assert LOCKED in page
        assert "/account/wachtwoord-vergeten/" in page
        assert GENERIC_ERROR not in page

    def test_the_right_password_is_refused_during_the_lockout(self, client, member):
        locked = fail_until_locked(client, member.email)
        response = log_in(client, member.email, PASSWORD)
        assert response.status_code == 429
        assert page_without_tokens(response) == page_without_tokens(locked)
        assert not signed_in(client)

    def test_the_lock_holds_from_another_network(self, client, member):
        fail_until_locked(client, member.email)
        response = log_in(client, member.email, PASSWORD, ip=ELSEWHERE)
        assert response.status_code == 429
        assert not signed_in(client)

    def test_another_capitalisation_is_the_same_account(self, client, member):
        for _ in range(account_limit() - 1):
            log_in(client, "Fatima@Example.NL", "fout-wachtwoord")
        response = log_in(client, " fatima@EXAMPLE.nl", "fout-wachtwoord")
        assert response.status_code == 429
        assert log_in(client, member.email, PASSWORD, ip=ELSEWHERE).status_code == 429

    def test_an_unknown_address_locks_alike(self, client, member):
        known = fail_until_locked(client, member.email)
        unknown = fail_until_locked(client, "niemand@example.nl", ip=ELSEWHERE)
        assert unknown.status_code == known.status_code == 429
        assert page_without_tokens(unknown) == page_without_tokens(known)

    def test_the_lock_ends_after_the_cool_off(self, client, member):
        fail_until_locked(client, member.email)
        minutes = settings.LOGIN_LOCKOUT_MINUTES + 1
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))
        assert log_in(client, member.email, PASSWORD).status_code == 302


@pytest.mark.django_db
class TestNetworkLimit:
    def test_another_account_on_the_same_network_still_logs_in(self, client, member):
        fail_until_locked(client, member.email)
        colleague = MemberFactory(email="kees@example.nl")
        response = log_in(client, colleague.email, PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)

    def test_many_addresses_from_one_network_lock_that_network(self, client, member):
        for number in range(network_limit() - 1):
            response = log_in(client, f"gok{number}@example.nl", "fout-wachtwoord")
            assert response.status_code == 400
        response = log_in(client, "gok-laatste@example.nl", "fout-wachtwoord")
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        # Nobody logs in from that network now, but the account itself is not locked.
        assert log_in(client, member.email, PASSWORD).status_code == 429
        assert log_in(client, member.email, PASSWORD, ip=ELSEWHERE).status_code == 302

    def test_a_forwarded_for_header_does_not_escape_the_lock(self, client, member):
        for number in range(network_limit()):
            log_in(
                client,
                f"gok{number}@example.nl",
                "fout-wachtwoord",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
            )
        response = log_in(client, member.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert response.status_code == 429


class TestClientAddress:
    def request(self, **meta):
        return RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.9", **meta)

    def test_without_a_configured_header_the_peer_address_counts(self):
        request = self.request(HTTP_X_FORWARDED_FOR="203.0.113.5", HTTP_X_REAL_IP="203.0.113.6")
        assert client_ip(request) == "10.0.0.9"

    @override_settings(LOGIN_CLIENT_IP_HEADER="X-Forwarded-For")
    def test_behind_a_proxy_the_right_most_entry_of_the_configured_header_counts(self):
        request = self.request(
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", HTTP_X_REAL_IP="198.51.100.1"
        )
        assert client_ip(request) == "203.0.113.5"

    @override_settings(LOGIN_CLIENT_IP_HEADER="X-Real-IP")
    def test_a_missing_or_garbled_header_falls_back_to_the_peer(self):
        assert client_ip(self.request()) == "10.0.0.9"
        assert client_ip(self.request(HTTP_X_REAL_IP="'; drop table")) == "10.0.0.9"

    def test_an_ipv6_client_counts_as_its_network(self):
        request = RequestFactory().post(LOGIN, REMOTE_ADDR="2001:db8:1:2:aaaa::1")
        other = RequestFactory().post(LOGIN, REMOTE_ADDR="2001:db8:1:2:bbbb::9")
        assert client_ip(request) == client_ip(other) == "2001:db8:1:2::"


@pytest.mark.django_db
class TestPasswordResetLiftsTheLock:
    def test_a_completed_reset_lets_the_member_in_again(self, client, send, member):
        fail_until_locked(client, member.email, ip=ELSEWHERE)
        assert log_in(client, member.email, PASSWORD, ip=ELSEWHERE).status_code == 429

        send(client.post, "/account/wachtwoord-vergeten/", {"email": member.email})
        link = link_in(mails_to(member.email)[0], "/account/wachtwoord-herstellen/")
        url = client.get(link, follow=True).redirect_chain[-1][0]
        done = client.post(
            url, {"new_password1": "Nieuwe-lente-2027", "new_password2": "Nieuwe-lente-2027"}
        )
        assert done.status_code == 302

        response = log_in(client, member.email, "Nieuwe-lente-2027", ip=ELSEWHERE)
        assert response.status_code == 302
        assert signed_in(client)

    def test_asking_for_a_reset_alone_does_not_lift_it(self, client, send, member):
        fail_until_locked(client, member.email)
        send(client.post, "/account/wachtwoord-vergeten/", {"email": member.email})
        assert log_in(client, member.email, PASSWORD).status_code == 429


@pytest.mark.django_db
class TestAdminLogin:
    @pytest.fixture
    def staff(self, db):
        return MemberFactory(email="medewerker@example.nl", is_staff=True, is_superuser=True)

    def test_the_admin_log_in_is_throttled_too(self, client, staff):
        response = fail_until_locked(client, staff.email, url=ADMIN_LOGIN)
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        response = log_in(client, staff.email, PASSWORD, url=ADMIN_LOGIN)
        assert response.status_code == 429
        assert client.get("/admin/").status_code == 302

    def test_failures_on_the_site_and_in_the_admin_add_up(self, client, staff):
        for _ in range(account_limit() - 1):
            log_in(client, staff.email, "fout-wachtwoord")
        response = log_in(client, staff.email, "fout-wachtwoord", url=ADMIN_LOGIN)
        assert response.status_code == 429

    def test_before_the_limit_the_admin_logs_in(self, client, staff):
        for _ in range(account_limit() - 1):
            log_in(client, staff.email, "fout-wachtwoord", url=ADMIN_LOGIN)
        response = log_in(client, staff.email, PASSWORD, url=ADMIN_LOGIN)
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
