"""Real-browser tests: Playwright drives a headless Chromium against pytest-django's live server.

Debian's chromium is used where it is installed (``make browser`` installs it); elsewhere
Playwright's own download (``CHROMIUM_PATH`` overrides both).
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MemberFactory, default_home, publish

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    # local import: Playwright (and its driver) loads only when a browser test runs
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(headless=True, executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, user):
    """Log ``user`` in on ``page`` through the log-in form (anyone logged in there first is
    logged out) and wait for the account page."""
    page.context.clear_cookies()
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    return page


@dataclass
class CommunityScene:
    """A published community on the default site with Rob as its member, logged in on ``page``."""

    community: Any
    member: Any
    page: Any
    browser: Any
    base_url: str
    contexts: list = field(default_factory=list)

    def join(self, first_name, role="lid"):
        """A new member (``<first_name>@example.nl``) of the community, as ``lid`` or
        ``beheerder``."""
        from django.utils import timezone

        from community.models import Membership

        user = MemberFactory(first_name=first_name, email=f"{first_name.lower()}@example.nl")
        Membership.objects.create(
            member=user, community=self.community, status="lid", role=role,
            joined_at=timezone.now(),
        )  # fmt: skip
        return user

    def log_in(self, user):
        """Switch ``page`` to ``user``."""
        return log_in(self.page, user)

    def second_browser(self, user):
        """A page in a browser of its own (own cookies) with ``user`` logged in."""
        context = self.browser.new_context(base_url=self.base_url, locale="nl-NL")
        self.contexts.append(context)
        other = context.new_page()
        other.set_default_timeout(15_000)
        return log_in(other, user)


@pytest.fixture
def member_in_community(transactional_db, page, browser, live_server):
    """A logged-in member with a community page in the browser: "Bouwondernemers Amersfoort"
    under /communities/, Rob (rob@example.nl) its member and logged in on ``page``. ``join``
    adds members, ``log_in`` switches the page to another, ``second_browser`` opens one more."""
    from community.models import CommunityIndexPage, CommunityPage

    index = publish(default_home(), CommunityIndexPage(title="Communities", slug="communities"))
    community = publish(
        index,
        CommunityPage(
            title="Bouwondernemers Amersfoort",
            slug="bouwondernemers-amersfoort",
            intro="Ondernemers in de bouw helpen elkaar.",
            sector="F",
        ),
    )
    scene = CommunityScene(community, None, page, browser, live_server.url)
    scene.member = scene.join("Rob")
    scene.log_in(scene.member)
    yield scene
    for context in scene.contexts:
        context.close()
