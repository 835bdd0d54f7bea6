"""Benchmark of the page cache: throughput under load of gunicorn (2 sync workers), printed
beside a static CSS file from the same server in the same run (``make bench``).

The server runs against a database of its own, migrated and filled by ``seed_demo``: on the
PostgreSQL server of DATABASE_URL (a database ``<name>_pagecache``, dropped first) with the Redis
of CELERY_BROKER_URL as the shared cache, otherwise a SQLite file and each worker's local memory.
The load client is ``wrk`` when installed (one thread, four connections), otherwise threads with
``http.client``; a new connection per request, as gunicorn's sync workers close each one.
"Uncached" sends a cookie the cache does not know, so the page is rendered for every request.
Each target is loaded for a few seconds in each of three rounds, in turn; the median is printed.
Nothing about time is asserted; only that the cached figures are really hits.
"""

import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.benchmarks.report import record

pytestmark = pytest.mark.benchmark

PORT = int(os.environ.get("PAGE_CACHE_BENCH_PORT", "8121"))
SECONDS = int(os.environ.get("PAGE_CACHE_BENCH_SECONDS", "3"))
# Rounds over all targets in turn, the median counts: a machine shared with other work changes
# speed during a run, and every target gets the same share of it.
ROUNDS = 3
CONNECTIONS = 4
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

TARGETS = [
    ("static CSS (WhiteNoise)", "/static/loket/css/site.css", None),
    ("home, cached", "/", None),
    ("campaign page, cached", "/campagnes/een-kritische-blik/", None),
    ("home, uncached", "/", "bench=1"),
    ("campaign page, uncached", "/campagnes/een-kritische-blik/", "bench=1"),
]


def _postgres_database(url):
    """A fresh database beside the one of ``url``; returns its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_pagecache"
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _environment(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.benchmarks.pagecache_settings",
        PAGE_CACHE_BENCH_PREFIX=secrets.token_hex(4),
        DATABASE_CONN_MAX_AGE="60",
        LOKET_VAR_DIR=str(tmp_path / "var"),
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(ROOT),
    )
    database = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if database.startswith("postgres"):
        env["DATABASE_URL"] = _postgres_database(database)
        if broker.startswith("redis://"):
            env["CACHE_URL"] = "rediscache://" + broker.removeprefix("redis://")
        label = "PostgreSQL, Redis cache" if "CACHE_URL" in env else "PostgreSQL, local cache"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        env["CACHE_URL"] = "locmemcache://bench"
        label = "SQLite, local cache per worker"
    return env, label


def _manage(env, *args, log):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=log
    )


def _get(path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Cache")
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path):
    env, label = _environment(tmp_path)
    with open(tmp_path / "setup.log", "w") as log:
        _manage(env, "migrate", "--no-input", log=log)
        _manage(env, "seed_demo", log=log)
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed after the process
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "loket.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(TARGETS[0][1])[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"gunicorn did not start: see {tmp_path / 'gunicorn.log'}")
            time.sleep(0.3)
        yield label
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wrk(path, cookie):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert errors is None, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _threads(path, cookie):
    done = []
    stop = time.monotonic() + SECONDS

    def client():
        count = 0
        while time.monotonic() < stop:
            status, _cache = _get(path, cookie)
            assert status == 200
            count += 1
        done.append(count)

    workers = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / SECONDS


def test_cached_pages_beside_a_static_file(server):
    load = _wrk if shutil.which("wrk") else _threads
    client = (
        f"wrk, 1 thread, {CONNECTIONS} connections"
        if load is _wrk
        else f"{CONNECTIONS} Python threads"
    )
    for _label, path, cookie in TARGETS[1:]:
        assert _get(path, cookie)[0] == 200
        # A cached target really is a hit, an uncached one never is.
        assert _get(path, cookie)[1] == (None if cookie else "HIT"), path
    runs = {label: [] for label, _path, _cookie in TARGETS}
    for _round in range(ROUNDS):
        for label, path, cookie in TARGETS:
            runs[label].append(load(path, cookie))
    rates = {label: statistics.median(values) for label, values in runs.items()}
    static = rates[TARGETS[0][0]]
    print(
        f"\nPage cache under load ({server}; gunicorn, 2 sync workers; {client}; "
        f"median of {ROUNDS} rounds of {SECONDS} s each)"
    )
    print(f"{'what':<28}{'req/s':>10}{'× static':>11}")
    for label, rate in rates.items():
        print(f"{label:<28}{rate:>10.0f}{rate / static:>11.2f}")
        record(
            f"Throughput under load ({server}, gunicorn 2 workers)",
            {"what": label, "req/s": rate, "× static": rate / static},
        )
    print("goal: cached ≥ 0.50 × static")
