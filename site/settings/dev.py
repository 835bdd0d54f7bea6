"""Local development: debug on, a throwaway key, the embedded defaults."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-ondernemersloket"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

# WhiteNoise serves from the finders here; an empty STATIC_ROOT keeps it from warning.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
