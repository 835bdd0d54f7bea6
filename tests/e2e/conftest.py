"""Real-browser tests: Playwright drives a headless Chromium against pytest-django's live server.

Debian's chromium is used where it is installed (``make browser`` installs it); elsewhere
Playwright's own download (``CHROMIUM_PATH`` overrides both).
"""

import os
import shutil

import pytest

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


def rerun_data_migrations(*modules):
    """Run the forward steps of the named data migrations again (``"community.migrations.0002_
    staff_permissions"``): an earlier transactional test on this worker flushed the staff groups
    and what they were granted, and a flush brings back only content types and permissions.
    Each of these steps is safe to run twice; give the roles migration first."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection, migrations

    for module in modules:
        for operation in import_module(module).Migration.operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, SimpleNamespace(connection=connection))
