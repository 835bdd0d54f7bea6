"""Fixtures shared by the whole suite."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.db import connection

from wagtail.models import Page, Site

from loket.celery import app as celery_app

PROJECT_DIR = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    """Deselect, not skip, what proves nothing here: ``postgres`` tests off PostgreSQL and
    ``worker`` tests without a broker. The summary counts them as deselected."""
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    has_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    keep, drop = [], []
    for item in items:
        unfit = (item.get_closest_marker("postgres") and not on_postgres) or (
            item.get_closest_marker("worker") and not (on_postgres and has_broker)
        )
        (drop if unfit else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test writes uploads to its own folder and starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The default site's root page; rebuilt when a transactional test flushed the tree the
    migrations made (apps with other needs override this fixture)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(title="Home", slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real ``celery worker`` process on the test database and the Redis broker.

    Eager mode only emulates Celery; this runs the task in another process, through the broker,
    reading rows the test committed. Needs PostgreSQL and CELERY_BROKER_URL (the CI's second pass).
    """
    broker = os.environ.get("CELERY_BROKER_URL")
    if connection.vendor != "postgresql" or not broker:
        pytest.fail("Tests marked 'worker' need DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL.")
    mail_dir = tmp_path / "worker-mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        # The worker runs tasks as in production: retries go back through the broker.
        "TEST_CELERY_EAGER": "false",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "loket",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "-l",
            "INFO",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"The worker stopped: {(tmp_path / 'worker.log').read_text()}")
            if celery_app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
                break
        else:
            pytest.fail("The worker did not answer within 60 seconds.")
        yield {"mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for(predicate, timeout=30, interval=0.2):
    """Poll ``predicate`` until it returns something truthy, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Waited {timeout}s for {predicate.__name__}.")
