"""Restarts: loading the project touches no database, the gunicorn settings are valid, a worker
that stops normally skips the slow interpreter teardown, and an idle connection does not hold a
stop (README, "Zero-downtime reload")."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from loket import gunicorn_conf
from tests.ports import free_port

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


def _answer(port: int) -> bool:
    """Whether the server on ``port`` answers a request (any status: the database is away)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                b"GET /robots.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            )
            return sock.recv(16).startswith(b"HTTP/1.1 ")
    except OSError:
        return False


def test_an_idle_connection_does_not_hold_the_stop_of_the_web_process(tmp_path):
    """A browser's preconnect or a proxy's spare connection sends nothing. With gunicorn's sync
    worker it pinned a worker until graceful_timeout ran out (20 s for every SIGTERM); the
    project's settings end the process well before that."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "python:loket.gunicorn_conf", "--workers", "1", "loket.wsgi"],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "loket.settings.test",
            "DATABASE_URL": NO_DATABASE,
            "PORT": str(port),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while not _answer(port):
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer within 180 s"
            time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port)):  # open, and never a byte
            time.sleep(0.5)
            stopped_at = time.monotonic()
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=gunicorn_conf.graceful_timeout + 30)
            took = time.monotonic() - stopped_at
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()
    # gthread waits 5 s at most for a connection's first bytes; sync waited graceful_timeout.
    assert server.returncode == 0, (tmp_path / "gunicorn.log").read_text()
    assert took < gunicorn_conf.graceful_timeout - 5, f"the stop took {took:.1f} s"
