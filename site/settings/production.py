"""Production: refuses to start without a real secret and a real database; HTTPS hardening on."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY ontbreekt of is niet geheim genoeg: zet een willekeurige waarde van minstens "
        "50 tekens in de omgeving."
    )
# Without these production would quietly fall back to the embedded defaults: mail written to
# files, tasks run inside requests, links in mail to 127.0.0.1, rate limits per process.
_REQUIRED = {
    "DATABASE_URL": "production draait op PostgreSQL",
    "CELERY_BROKER_URL": "taken en mail lopen via Redis en een worker",
    "EMAIL_URL": "anders gaat er geen mail de deur uit",
    "SITE_URL": "links in mails moeten naar de echte site wijzen",
    "CACHE_URL": "rate limits en menu's moeten over alle webprocessen gedeeld worden",
}
_missing = [name for name in _REQUIRED if not env(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Ontbrekende instellingen voor production: "
        + "; ".join(f"{name} ({_REQUIRED[name]})" for name in _missing)
    )

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# nosniff, Referrer-Policy and the other headers every environment sends live in base.py.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Production sits behind a TLS proxy (SECURE_PROXY_SSL_HEADER): without the client's address
# from it, every visitor would share the proxy's one network in the log-in throttle.
LOGIN_CLIENT_IP_HEADER = env("LOGIN_CLIENT_IP_HEADER", default="X-Forwarded-For")
