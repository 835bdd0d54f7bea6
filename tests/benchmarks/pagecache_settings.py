"""Settings of the gunicorn server that ``bench_page_cache.py`` starts.

The development settings without debug and without WhiteNoise's per-request look for changed
files (static files come from memory, as in production), quiet logs, and a cache key prefix per
run so a Redis database shared with earlier runs serves nothing of theirs.
"""

from loket.settings.dev import *  # noqa: F403
from loket.settings.dev import CACHES, LOGGING, env

DEBUG = False
WHITENOISE_AUTOREFRESH = False
CACHES["default"]["KEY_PREFIX"] = env("PAGE_CACHE_BENCH_PREFIX", default="")
LOGGING["root"]["level"] = "WARNING"
LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}
