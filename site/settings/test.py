"""Tests: fast hashing, mail in memory, Celery eager; the database from DATABASE_URL or SQLite."""

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The real-worker tests point the worker process at files instead of its own memory.
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# Tests that need a real worker switch this off themselves (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off: tests change data behind the receivers' backs and read the page again; the page cache's
# own tests (tests/site/test_page_cache.py) switch it on.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
PAGE_CACHE_LOCAL_SECONDS = 0.0
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"

# WhiteNoise serves from the finders here; an empty STATIC_ROOT keeps it from warning.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
