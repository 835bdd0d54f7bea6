"""The one "start a Celery worker on this queue" helper of the suite, and polling for its work.

Tests marked ``worker`` run tasks in a real ``celery worker`` process through the Redis broker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from django.db import connection

from loket.celery import app as celery_app

PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The URL of the database this test runs on (the test database), for a worker process."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def queue_name(label: str = "test") -> str:
    """A queue name no other test or run uses."""
    return f"{label}-{os.getpid()}-{time.monotonic_ns()}"


@contextlib.contextmanager
def celery_worker(queue: str, log_path: Path, mail_dir: Path) -> Iterator[subprocess.Popen]:
    """A ``celery worker`` process (solo pool) consuming ``queue``, answering a ping.

    It runs tasks as in production (not eager: retries go back through the broker) on the test
    database, writes mails as files into ``mail_dir`` and its log to ``log_path``, and reads
    the rest of its settings from the environment (``monkeypatch.setenv`` reaches it). It runs in
    its own process group, so ``os.killpg(proc.pid, SIGKILL)`` kills it whole. Yields the Popen;
    on exit it is stopped if it still runs. Needs PostgreSQL and CELERY_BROKER_URL.
    """
    broker = os.environ.get("CELERY_BROKER_URL")
    if connection.vendor != "postgresql" or not broker:
        pytest.fail("Tests marked 'worker' need DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_CELERY_EAGER": "false",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [sys.executable, "-m", "celery", "-A", "loket", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "-Q", queue, "-n", f"{queue}@%h"]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*command, "-l", "INFO"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill reaches every child
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"The worker stopped: {log_path.read_text()}")
                if celery_app.control.ping(
                    destination=[f"{queue}@{os.uname().nodename}"], timeout=1
                ):
                    break
            else:
                pytest.fail("The worker did not answer within 60 seconds.")
            yield proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def wait_for(predicate: Callable[[], Any], timeout: float = 30, interval: float = 0.2) -> Any:
    """Poll ``predicate`` until it returns something truthy, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Waited {timeout}s for {predicate.__name__}.")
