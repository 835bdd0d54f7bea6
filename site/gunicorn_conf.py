"""gunicorn's settings for the web process: ``gunicorn -c python:loket.gunicorn_conf loket.wsgi``.

Measured on the 2-core test machine (README, "Zero-downtime reload"). Two things held a stop:

- An open connection that sends nothing (a browser's preconnect, a proxy's spare connection, a
  slow client) pinned a ``sync`` worker in its read until ``graceful_timeout`` ran out: a SIGTERM
  then took the master 20 s to end, however idle the site. The ``gthread`` worker keeps such
  connections in its poller, waits at most 5 s for their first bytes and closes them when it
  stops: 2-5 s.
- A worker's interpreter exit after its last request (tearing down Django, Wagtail and their
  modules) took 10-14 s under load. A worker that stops normally therefore leaves with
  ``os._exit`` after flushing its logs. A worker that failed to boot still exits through gunicorn,
  so gunicorn sees its error code and stops instead of restarting it forever.

A new worker loads the URL conf before it accepts (``post_worker_init``): the first request it
takes no longer pays the second or so of importing every app's views.
"""

from __future__ import annotations

import logging
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads per worker: requests mostly wait on the database, Redis or SMTP. Each thread keeps its
# own database connection (CONN_MAX_AGE), so workers x threads is the connections per machine.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A request that runs longer is a stuck worker; it is killed and replaced.
timeout = 30
# After SIGTERM or SIGHUP a worker finishes the request it is serving for at most this long: below
# the 30 s after which a process manager (systemd, Kubernetes, Heroku) kills the whole process.
graceful_timeout = 20
# How long a kept-alive connection may wait for its next request (gunicorn's default); a stopping
# worker gives them 2 s at most.
keepalive = 2
# Not preloaded: each worker imports the application itself, so SIGHUP brings new code (with
# preload the master keeps the old code, and its exit under load was slower still).
preload_app = False


def post_worker_init(worker):
    """Load the URL conf (and with it every app's views) before the worker takes a request."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the lookup is what imports them


def worker_exit(server, worker):
    """Skip the interpreter's teardown of a worker that stopped normally (see above)."""
    if worker.booted and not worker.alive:
        logging.shutdown()
        os._exit(0)
