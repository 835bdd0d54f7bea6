"""In real Chromium, with the Content-Security-Policy on: public pages, account pages and Wagtail's
admin load without a single CSP violation, and an injected inline script is blocked."""

from urllib.parse import urlsplit

import pytest

from tests.factories import (
    PASSWORD,
    CampaignPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Collects what the browser reports; an init script is added by the driver, outside the policy.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});
"""


@pytest.fixture
def watched(page):
    """``watched(path)`` opens ``path`` and asserts no CSP violation and no script error."""
    console = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console.append(str(exc)))
    page.add_init_script(LISTEN)

    def visit(path, status=200):
        response = page.goto(path)
        assert response is not None and response.status == status, (path, response.status)
        # Not sent elsewhere (to a log-in page, say): the page asked for is the page checked.
        assert urlsplit(page.url).path == urlsplit(path).path, (path, page.url)
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp || []")
        assert violations == [], (path, violations)
        assert console == [], (path, console)

    return visit


def _log_in(page, path, email):
    page.goto(path)
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert "inloggen" not in page.url and "/login/" not in page.url, page.url


def test_public_pages_raise_no_violation(watched, home):
    campaign = CampaignPageFactory(title="Een kritische blik", slug="kritisch", code="kritisch")
    event = EventPageFactory()
    community = CommunityPageFactory(title="Groeien", slug="groeien", is_public=True)
    for path in (
        "/",
        "/zoeken/?q=%22subsidie",
        campaign.url + "?utm_source=mailing&utm_medium=email",
        event.url,
        community.url,
        "/account/inloggen/",
        "/account/aanmelden/",
        "/account/privacyverklaring/",
    ):
        watched(path)


def test_account_pages_raise_no_violation(watched, page, home):
    MemberFactory(email="fatima@example.nl")
    _log_in(page, "/account/inloggen/", "fatima@example.nl")
    for path in ("/account/", "/account/profiel/", "/account/credits/"):
        watched(path)


def test_the_admin_raises_no_violation(watched, page, home):
    MemberFactory(email="redactie@example.nl", is_staff=True, is_superuser=True)
    event = EventPageFactory()
    _log_in(page, "/admin/login/", "redactie@example.nl")
    for path in (
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{event.pk}/edit/",
        f"/admin/pages/add/events/eventpage/{event.get_parent().pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/snippets/events/registration/",
        "/admin/reports/site-history/",
    ):
        watched(path)


def test_an_injected_inline_script_is_blocked(page, live_server, home):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text))
    page.goto("/zoeken/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__injected = true";
          document.body.appendChild(s);
        }"""
    )
    assert page.evaluate("window.__injected === true") is False
    assert any("Content Security Policy" in text for text in violations)
