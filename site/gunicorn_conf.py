"""gunicorn's settings for the web process: ``gunicorn -c python:loket.gunicorn_conf loket.wsgi``.

Measured on the 2-core test machine (README, "Zero-downtime reload"): a SIGTERM to the master
under load took 10-14 s to end it (22-29 s with ``--preload``) although every worker logged
"Worker exiting" at once. The time went into the worker's interpreter exit after its last
request (tearing down Django, Wagtail and their modules), not into requests, threads or atexit
handlers. A worker that stops normally therefore leaves with ``os._exit`` after flushing its
logs: the master then ends in about a second. A worker that failed to boot still exits through
gunicorn, so gunicorn sees its error code and stops instead of restarting it forever.
"""

from __future__ import annotations

import logging
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request that runs longer is a stuck worker; it is killed and replaced.
timeout = 30
# After SIGTERM or SIGHUP a worker finishes the request it is serving for at most this long: below
# the 30 s after which a process manager (systemd, Kubernetes, Heroku) kills the whole process.
graceful_timeout = 20
# Not preloaded: each worker imports the application itself, so SIGHUP brings new code (with
# preload the master keeps the old code, and its exit under load was slower still).
preload_app = False


def worker_exit(server, worker):
    """Skip the interpreter's teardown of a worker that stopped normally (see above)."""
    if worker.booted and not worker.alive:
        logging.shutdown()
        os._exit(0)
