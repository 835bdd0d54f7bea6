"""Security headers and cookie flags of a public page, an account page and the admin, under the
production settings; the CSP report endpoint; no third-party requests from the admin."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.http import HttpResponse
from django.template import Context, Template

from loket.core.security import ContentSecurityPolicyMiddleware
from tests.factories import PASSWORD, MemberFactory
from tests.site.test_packaging import PRODUCTION_ENV

PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "9Zq!x@4#pL%0^&*(vB)2_=+rT7yU1mN3cX5zA8sD6fG"
HTTPS = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "loket.example"}
# The names production.py sets for HTTPS; the CSP and the other headers come from base.py.
_PRODUCTION_NAMES = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "WAGTAIL_GRAVATAR_PROVIDER_URL",
    "WAGTAIL_ENABLE_UPDATE_CHECK",
)


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    """What ``loket.settings.production`` sets, read in a process of its own (it changes the
    shared dictionaries of base.py, so it must not be imported here)."""
    names = ", ".join(repr(name) for name in _PRODUCTION_NAMES)
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in ({names},)}}))"
    )
    home = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": str(Path(sys.executable).parent),
            "HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "loket.settings.production",
            "SECRET_KEY": SECRET,
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "loket.example",
        },
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    return production_values


def test_production_turns_on_hsts_secure_cookies_and_third_parties_off(production):
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and production["SECURE_HSTS_PRELOAD"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SESSION_COOKIE_SECURE"] and production["SESSION_COOKIE_HTTPONLY"]
    assert production["CSRF_COOKIE_SECURE"]
    assert production["WAGTAIL_GRAVATAR_PROVIDER_URL"] is None
    assert production["WAGTAIL_ENABLE_UPDATE_CHECK"] is False


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def _assert_common_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["report-uri"] == ["/csp-rapport/"]
    return directives


def _assert_public_policy(response):
    directives = _assert_common_headers(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    return directives


def test_a_public_page_has_the_strict_policy(client, home, production):
    response = client.get("/zoeken/", {"q": "subsidie"}, **HTTPS)
    assert response.status_code == 200
    directives = _assert_public_policy(response)
    assert directives["script-src"] == ["'self'"]
    home_response = client.get("/", **HTTPS)
    assert home_response.status_code == 200
    _assert_public_policy(home_response)


def test_plain_http_is_sent_to_https(client, home, production):
    response = client.get("/zoeken/", HTTP_X_FORWARDED_PROTO="http", HTTP_HOST="loket.example")
    assert response.status_code == 301
    assert response["Location"].startswith("https://loket.example/")


def test_an_account_page_has_the_policy_and_secure_cookies(client, home, production):
    page = client.get("/account/inloggen/", **HTTPS)
    assert page.status_code == 200
    _assert_public_policy(page)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"

    member = MemberFactory(email="veilig@example.nl")
    response = client.post(
        "/account/inloggen/", {"username": member.email, "password": PASSWORD}, **HTTPS
    )
    assert response.status_code == 302
    _assert_public_policy(response)
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    overview = client.get("/account/", **HTTPS)
    assert overview.status_code == 200
    _assert_public_policy(overview)


def test_the_admin_gets_its_allowances_and_no_more(client, home, production):
    login = client.get("/admin/login/", **HTTPS)
    assert login.status_code == 200
    _assert_common_headers(login)
    staff = MemberFactory(email="redactie@example.nl", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/", **HTTPS)
    assert response.status_code == 200
    directives = _assert_common_headers(response)
    # Wagtail's panels and widgets have inline scripts; its page preview is a same-origin frame.
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]
    html = response.content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html and "data-w-upgrade" not in html


def test_an_inline_script_of_ours_carries_the_nonce_of_the_response(rf):
    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda req: None)
    middleware.process_request(request)
    html = Template('<script nonce="{{ request.csp_nonce }}"></script>').render(
        Context({"request": request})
    )
    response = middleware.process_response(request, HttpResponse(html))
    nonce = html.split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in _directives(response)["script-src"]


class TestReportEndpoint:
    URL = "/csp-rapport/"
    REPORT = {
        "csp-report": {
            "document-uri": "https://loket.example/zoeken/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
            "line-number": 12,
        }
    }

    def test_a_report_is_logged_and_answered_with_204(self, client, caplog, db):
        with caplog.at_level(logging.WARNING, logger="loket.csp"):
            response = client.post(
                self.URL, json.dumps(self.REPORT), content_type="application/csp-report"
            )
        assert response.status_code == 204
        assert "script-src-elem" in caplog.text and "https://loket.example/zoeken/" in caplog.text

    def test_the_reporting_api_format_is_read_too(self, client, caplog, db):
        body = [{"type": "csp-violation", "body": {"effectiveDirective": "img-src"}}]
        with caplog.at_level(logging.WARNING, logger="loket.csp"):
            response = client.post(
                self.URL, json.dumps(body), content_type="application/reports+json"
            )
        assert response.status_code == 204
        assert "img-src" in caplog.text

    @pytest.mark.parametrize("body", ["", "niet-json", "[]", '"x"', "{\x00}", '{"csp-report": 1}'])
    def test_garbage_is_answered_without_logging(self, client, caplog, db, body):
        with caplog.at_level(logging.WARNING, logger="loket.csp"):
            response = client.post(self.URL, body, content_type="application/csp-report")
        assert response.status_code == 204
        assert "CSP-overtreding" not in caplog.text

    def test_a_huge_report_is_refused_unread(self, client, caplog, db):
        body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
        with caplog.at_level(logging.WARNING, logger="loket.csp"):
            response = client.post(self.URL, body, content_type="application/csp-report")
        assert response.status_code == 413
        assert "xxxx" not in caplog.text

    def test_a_flood_is_throttled(self, client, settings, db):
        settings.CSP_REPORT_LIMIT = (3, 600)
        statuses = [
            client.post(
                self.URL, json.dumps(self.REPORT), content_type="application/csp-report"
            ).status_code
            for _ in range(5)
        ]
        assert statuses == [204, 204, 204, 429, 429]

    def test_only_post(self, client, db):
        assert client.get(self.URL).status_code == 405


def test_the_privacy_statement_names_the_cookies_campaign_visitors_get(client, home):
    html = client.get("/account/privacyverklaring/").content.decode()
    assert django_settings.SESSION_COOKIE_NAME in html
    assert "campagne" in html and "bezoekers zonder account" in html
    assert "loket_tip" in html
