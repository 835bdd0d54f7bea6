"""Restarts: loading the project touches no database, the gunicorn settings are valid, and a
worker that stops normally skips the slow interpreter teardown (README, "Zero-downtime reload")."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from loket import gunicorn_conf

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Port 1 on the loopback refuses connections: any query while loading would fail the load.
NO_DATABASE = "postgres://loket@127.0.0.1:1/loket"


def _run(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "loket.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_loading_the_project_and_its_wsgi_application_asks_no_database():
    """No AppConfig.ready() and no middleware queries at start-up: a worker can boot (and a
    reload proceed) while the database is slow or away, and boots no slower for it."""
    result = _run(
        "import django; django.setup(); import loket.wsgi; print('ok')", DATABASE_URL=NO_DATABASE
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_gunicorn_accepts_the_settings_module():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "-c", "python:loket.gunicorn_conf", "--check-config", "loket.wsgi"],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "loket.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # In-flight requests get less than the 30 s after which process managers kill; the app is
    # imported per worker, so SIGHUP loads new code.
    assert gunicorn_conf.graceful_timeout < 30 and gunicorn_conf.preload_app is False


class _Exited(Exception):
    pass


@pytest.mark.parametrize(
    ("booted", "alive", "fast"),
    [(True, False, True), (False, False, False), (True, True, False)],
    ids=["stopped normally", "failed to boot", "crashed while serving"],
)
def test_only_a_worker_that_stopped_normally_skips_the_teardown(monkeypatch, booted, alive, fast):
    def exit_now(code):
        raise _Exited(code)

    monkeypatch.setattr(gunicorn_conf.os, "_exit", exit_now)
    worker = SimpleNamespace(booted=booted, alive=alive)
    if fast:
        with pytest.raises(_Exited):
            gunicorn_conf.worker_exit(None, worker)
    else:
        # gunicorn's own exit then carries the error code (a boot error stops the master).
        assert gunicorn_conf.worker_exit(None, worker) is None
