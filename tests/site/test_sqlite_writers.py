"""The embedded default under load: 16 visitors write at once to a real server on a SQLite file.

On SQLite one writer holds the lock at a time. Without WAL, a busy timeout and transactions that
take the write lock when they begin (``transaction_mode = "IMMEDIATE"``), concurrent writers get
"database is locked" as a 500. This starts ``manage.py runserver`` (threaded, as ``make run``)
on a SQLite file with the suite's migrated schema and a small seed, and sends registrations,
sign-ups and posts together.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from django.db import connection

from community.models import Thread
from events.models import Registration
from loket.accounts.models import User
from tests.ports import free_port
from tests.workers import PROJECT_DIR

# django_db: pytest-django sets the test database up (the file is a copy of it).
pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

WRITERS = {"register": 6, "signup": 5, "post": 5}  # 16 in all

# Run in a fresh interpreter on the file: an agenda with one event, a community with five
# members, each with a logged-in session. Prints what the writers need as JSON.
SEED = """
import json
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import (CommunityIndexPageFactory, CommunityPageFactory,
    EventIndexPageFactory, EventPageFactory, MembershipFactory, default_home)
home = default_home()
event = EventPageFactory(parent=EventIndexPageFactory(parent=home), capacity=100)
community = CommunityPageFactory(parent=CommunityIndexPageFactory(parent=home))
sessions = []
for n in range(%(posters)d):
    user = MembershipFactory(community=community).member
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "loket.accounts.backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"event": event.url, "event_id": event.pk, "community": community.url,
                  "community_id": community.pk, "sessions": sessions}))
"""


def server_env(db_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "EMAIL_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="loket.settings.test",
        DATABASE_URL=f"sqlite:///{db_file}",
        TEST_CELERY_EAGER="true",
    )
    return env


@pytest.fixture(scope="module")
def sqlite_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """A SQLite file holding the suite's migrated test database (copied: migrating takes a
    minute) and the seed above."""
    db_file = tmp_path_factory.mktemp("embedded") / "loket.sqlite3"
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the copy must not see a test's open transaction"
        connection.ensure_connection()
        target = sqlite3.connect(db_file)
        connection.connection.backup(target)
        target.close()
    seed = subprocess.run(
        [sys.executable, "-c", SEED % {"posters": WRITERS["post"]}],
        cwd=PROJECT_DIR,
        env=server_env(db_file),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seed.returncode == 0, seed.stderr
    return db_file, json.loads(seed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def server(sqlite_file, tmp_path_factory):
    """``manage.py runserver --noreload`` on the file; yields its base URL and the seed."""
    db_file, seed = sqlite_file
    port = free_port(skip=1)
    log_path = tmp_path_factory.mktemp("runserver") / "runserver.log"
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
    command += ["--noreload", "--skip-checks"]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=server_env(db_file), stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"runserver stopped: {log_path.read_text()}")
            try:
                requests.get(base + seed["event"], timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"runserver did not answer in 60 s: {log_path.read_text()}")
                time.sleep(0.2)
        yield base, seed, db_file, log_path
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def prepared(base: str, form_path: str, session_key: str | None = None) -> requests.Session:
    """A browser-like session that has fetched the form (and with it the CSRF cookie)."""
    http = requests.Session()
    if session_key:
        http.cookies.set("sessionid", session_key)
    http.get(base + form_path, timeout=30).raise_for_status()
    assert "csrftoken" in http.cookies, f"no CSRF cookie from {form_path}"
    return http


def rows(db: sqlite3.Connection, model: type, where: str, value: object) -> int:
    """How many rows of ``model`` the file holds where ``where`` (one ``?``) is ``value``."""
    table = model._meta.db_table  # a model's own table name, not input
    return db.execute(f"SELECT count(*) FROM {table} WHERE {where}", (value,)).fetchone()[0]  # noqa: S608


def test_sixteen_writers_at_once_get_no_error_and_every_write_is_stored(server):
    base, seed, db_file, log_path = server
    jobs = []
    for n in range(WRITERS["register"]):
        data = {
            "first_name": "Joris",
            "last_name": f"Bakker {n}",
            "email": f"joris{n}@bakkerij-bakker.nl",
            "company_name": f"Bakkerij Bakker {n}",
            "size_band": "10-49",
            "consent": "on",
        }
        http = prepared(base, seed["event"])
        jobs.append((http, seed["event"] + "aanmelden/", data))
    for n in range(WRITERS["signup"]):
        data = {
            "first_name": "Anouk",
            "last_name": f"de Vries {n}",
            "email": f"anouk{n}@example.nl",
            "password": "Tulpenveld-in-april",
            "privacy_consent": "on",
        }
        jobs.append((prepared(base, "/account/aanmelden/"), "/account/aanmelden/", data))
    for n, key in enumerate(seed["sessions"]):
        form = seed["community"] + "discussies/nieuw/"
        data = {"kind": "vraag", "title": f"Wie kent een goede monteur? ({n})", "body": "Tips?"}
        jobs.append((prepared(base, form, key), form, data))
    assert len(jobs) == 16

    barrier = threading.Barrier(len(jobs))
    statuses: list[int | str] = [0] * len(jobs)

    def write(i: int) -> None:
        http, path, data = jobs[i]
        barrier.wait(timeout=60)
        try:
            response = http.post(
                base + path,
                {**data, "csrfmiddlewaretoken": http.cookies["csrftoken"]},
                allow_redirects=False,
                timeout=60,
            )
            statuses[i] = response.status_code
        except requests.RequestException as exc:
            statuses[i] = repr(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert (
        statuses
        == [303] * WRITERS["register"] + [302] * WRITERS["signup"] + [303] * WRITERS["post"]
    ), log_path.read_text()[-3000:]
    with sqlite3.connect(db_file) as db:
        registrations = rows(db, Registration, "event_id = ?", seed["event_id"])
        signed_up = rows(db, User, "email LIKE ?", "anouk%@example.nl")
        threads_stored = rows(db, Thread, "community_id = ?", seed["community_id"])
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert (registrations, signed_up, threads_stored) == (
        WRITERS["register"],
        WRITERS["signup"],
        WRITERS["post"],
    )
    assert journal == "wal"
