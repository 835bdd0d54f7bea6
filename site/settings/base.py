"""Settings shared by every environment, read from environment variables.

Unset variables fall back to the embedded default of DESIGN.md: SQLite under var/, Celery eager,
mail to var/mail/ and the console, local-memory cache. Nothing secret lives here.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PACKAGE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# The checkout holds templates/, var/ and media/; an installed wheel is pointed at it explicitly.
BASE_DIR = Path(env("LOKET_BASE_DIR", default=str(PACKAGE_DIR.parent)))
VAR_DIR = Path(env("LOKET_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "loket.core",
    "loket.accounts",
    "loket.themes",
    "loket.mail",
    "loket.credits",
    "loket.intake",
    "loket.satisfaction",
    "loket.partners",
    "loket.notifications",
    "events",
    "community",
    "community.intervision",
    "community.scan",
    "testimonials",
    "campaigns",
    "campaigns.mailings",
    "campaigns.attribution",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with our user forms (Wagtail 8 reads them from the app's viewset).
    "loket.accounts.apps.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Log-in throttling (loket.accounts.throttling); its tables are made by migrate.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (loket.core.security).
    "loket.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for cookieless visitors from the shared cache (loket.core.pagecache): before
    # the session, so a hit costs no session, user or database lookup.
    "loket.core.pagecache.PageCacheMiddleware",
    # Themes and view restrictions read once per GET, however many blocks ask (loket.core.memo).
    "loket.core.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 404/400 for admin input that Wagtail's own views would answer with a 500 (loket.core.guards).
    "loket.core.guards.AdminInputGuardMiddleware",
    # Records campaign arrivals (touches), and only on responses no cache shares.
    "campaigns.attribution.middleware.AttributionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a log-in refused by the throttle into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # The visit script of campaign attribution; the same tag for every visitor.
                "campaigns.attribution.context_processors.beacon",
            ],
        },
    },
]

if not env("DATABASE_URL", default=""):
    # The embedded default keeps its SQLite file (and mail) under var/, made on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'loket.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite under a web server: readers never block the writer (WAL), a writer waits for the
    # lock instead of failing with "database is locked" (busy timeout), and a transaction takes
    # the write lock when it begins (IMMEDIATE), so two of them can't deadlock on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,  # seconds
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://loket")}
# Seconds a public page stays in the cache for anonymous visitors (loket.core.pagecache); changes
# purge it sooner. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# With a shared cache (CACHE_URL) each web process also keeps the pages it served last and checks
# the shared generation at most this often: a purge by another process shows within this time.
PAGE_CACHE_LOCAL_SECONDS = env.float(
    "PAGE_CACHE_LOCAL_SECONDS", default=1.0 if env("CACHE_URL", default="") else 0.0
)

AUTH_USER_MODEL = "accounts.User"
# The throttle first: it refuses a locked account or network before a password is checked.
AUTHENTICATION_BACKENDS = [
    "loket.accounts.throttling.ThrottledLogin",
    "loket.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "/"
# Django's validators with short, personal Dutch messages (its own catalogue is formal
# and misses the 5.2 "too short" message).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"loket.accounts.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # Object storage for uploads once there is more than one web machine (extra "s3").
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail: the outbox delivers through this backend (see loket.mail).
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "loket.mail.backends.FileAndConsoleBackend"
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Ondernemersloket <hallo@ondernemersloket.nl>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=8)
# Days before the body of a sent (or skipped) mailing mail is dropped from the outbox.
MAIL_BODY_RETENTION_DAYS = env.int("MAIL_BODY_RETENTION_DAYS", default=30)

# Celery: eager in-process without a broker, Redis in production.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "resend-stuck-mail": {
        "task": "loket.mail.tasks.resend_stuck_mail",
        "schedule": crontab(minute="*/5"),
    },
    "drop-old-mail-bodies": {
        "task": "loket.mail.tasks.drop_old_mail_bodies",
        "schedule": crontab(hour=4, minute=20),
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Ondernemersloket"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
SITE_URL = env("SITE_URL", default=WAGTAILADMIN_BASE_URL)
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# The database backend uses PostgreSQL's full-text search automatically on PostgreSQL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Dutch stemming: "financieringen" finds "financiering".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# A small file can claim a huge canvas (decompression bomb): refused before it is decoded.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # never SVG: it can hold script
# Documents go through Wagtail's view (also on object storage), as attachments except PDF, with
# "Content-Security-Policy: default-src 'none'": an uploaded HTML or SVG never renders inline.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
if env("FRONTEND_CACHE_URL", default=""):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_URL"),
        }
    }

# Accounts
MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000  # 5000 x 5000; checked from the header, before decoding
MAX_BIO_CHARS = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Mail (loket.mail)
# The sender's postal line in every mail's footer; set the desk's real address per installation.
MAIL_FOOTER_ADDRESS = env(
    "MAIL_FOOTER_ADDRESS", default="Ondernemersloket · het loket voor ondernemers in jouw regio"
)
# The outbox row stays locked while SMTP talks: a server that stops answering must not hold it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Accounts (loket.accounts)
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=60 * 60 * 24 * 3)

# Site pages (loket.core): the site's own CSS, icons and favicon live in site/static/.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

# Events (events)
CELERY_BEAT_SCHEDULE["events-reminders"] = {
    "task": "events.tasks.send_event_reminders",
    "schedule": crontab(minute="*/15"),
}
CELERY_BEAT_SCHEDULE["events-expire-offers"] = {
    "task": "events.tasks.expire_event_offers",
    "schedule": crontab(minute="*/15"),
}
CELERY_BEAT_SCHEDULE["events-follow-ups"] = {
    "task": "events.tasks.send_event_follow_ups",
    "schedule": crontab(minute=5),
}
CELERY_BEAT_SCHEDULE["events-purge-invitations"] = {
    "task": "events.tasks.purge_event_invitations",
    "schedule": crontab(hour=4, minute=0),
}

# Accounts (loket.accounts): hardening
# Sign-ups nobody confirmed are deleted after this many days (AVG: not kept longer than needed).
UNVERIFIED_ACCOUNT_DAYS = env.int("UNVERIFIED_ACCOUNT_DAYS", default=14)
CELERY_BEAT_SCHEDULE["purge-unverified-accounts"] = {
    "task": "loket.accounts.tasks.purge_unverified_accounts",
    "schedule": crontab(hour=3, minute=30),
}
# Log-in throttling (django-axes, loket.accounts.throttling), for the site and the admin alike:
# an address is locked after LOGIN_FAILURE_LIMIT failures from anywhere, a network after
# LOGIN_NETWORK_FAILURE_LIMIT failures over any addresses; the lock ends LOGIN_LOCKOUT_MINUTES
# after the last failure, or when the member completes a password reset.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_NETWORK_FAILURE_LIMIT = env.int("LOGIN_NETWORK_FAILURE_LIMIT", default=50)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the order LoginThrottle relies on
AXES_HANDLER = "loket.accounts.throttling.LoginThrottle"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "loket.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "loket.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "loket.accounts.throttling.lockout_response"
# Behind a proxy: the header it sets with the client's address (X-Forwarded-For, X-Real-IP);
# empty means the peer address counts and no forwarding header is trusted.
LOGIN_CLIENT_IP_HEADER = env("LOGIN_CLIENT_IP_HEADER", default="")
# No record of every successful log-in (AVG); failures are kept only while they count.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here
AXES_VERBOSE = False  # no banner on every start; log lines mask address and IP anyway
# Wagtail's own reset mails any member a link outside our outbox and rate limit; members and
# staff use /account/wachtwoord-vergeten/ instead.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Communities (community)
# Hours a member may edit their own post after placing it; managers may edit at any time.
COMMUNITY_EDIT_WINDOW_HOURS = env.int("COMMUNITY_EDIT_WINDOW_HOURS", default=24)
# Open flags from different members after which a post is hidden until a manager reviews it.
COMMUNITY_FLAG_THRESHOLD = env.int("COMMUNITY_FLAG_THRESHOLD", default=3)
# Pages per sitemap file; above it sitemap.xml becomes an index of a sitemap per section.
SITEMAP_LIMIT = env.int("SITEMAP_LIMIT", default=5000)
# Accounts younger than this get the tighter rate limits of community.services.limits.
COMMUNITY_NEW_MEMBER_DAYS = env.int("COMMUNITY_NEW_MEMBER_DAYS", default=7)
# A reply whose follower notifications were never fanned out (the broker was down after the
# commit) is found and fanned out by this sweep.
CELERY_BEAT_SCHEDULE["community-reply-notifications"] = {
    "task": "community.tasks.sweep_reply_notifications",
    "schedule": crontab(minute="*/10"),
}
CELERY_BEAT_SCHEDULE["community-daily-digest"] = {
    "task": "community.tasks.send_daily_digests",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["community-weekly-digest"] = {
    "task": "community.tasks.send_weekly_digests",
    "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
}

# Notifications (loket.notifications): the daily digest of those a member wants mailed together.
CELERY_BEAT_SCHEDULE["notifications-daily-digest"] = {
    "task": "loket.notifications.tasks.send_notification_digests",
    "schedule": crontab(hour=7, minute=30),
}

# Credits and Tip een ander (loket.credits, campaigns)
# Credits lapse this many months after they became spendable; a reminder goes a month before.
CREDITS_EXPIRE_MONTHS = env.int("CREDITS_EXPIRE_MONTHS", default=12)
# A reward request still "aangevraagd" after this many days shows as "te laat" to staff.
REWARD_OVERDUE_DAYS = env.int("REWARD_OVERDUE_DAYS", default=14)
# A tipped person's address is kept this long (while the tip can still qualify), then erased.
REFERRAL_ADDRESS_DAYS = env.int("REFERRAL_ADDRESS_DAYS", default=90)
CELERY_BEAT_SCHEDULE["credits-expire"] = {
    "task": "loket.credits.tasks.expire_credits",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["referrals-erase-addresses"] = {
    "task": "campaigns.tasks.erase_referral_addresses",
    "schedule": crontab(hour=2, minute=45),
}

# Intervision (community.intervision): the day-before reminder for intervision sessions.
CELERY_BEAT_SCHEDULE["intervision-session-reminders"] = {
    "task": "community.intervision_tasks.send_session_reminders",
    "schedule": crontab(hour=9, minute=30),
}
# Default size limits of a new intervision group (each group may differ); both within 3..12,
# checked at start-up (community.E001).
INTERVISION_GROUP_MIN_SIZE = env.int("INTERVISION_GROUP_MIN_SIZE", default=5)
INTERVISION_GROUP_MAX_SIZE = env.int("INTERVISION_GROUP_MAX_SIZE", default=8)

# Mailings (campaigns.mailings)
# Members per batch task; a batch is one transaction, so a crash redoes at most this many.
MAILING_BATCH_SIZE = env.int("MAILING_BATCH_SIZE", default=500)
# A mailing "bezig" without progress for this long gets a fresh batch (a worker died).
MAILING_STALL_MINUTES = env.int("MAILING_STALL_MINUTES", default=10)
CELERY_BEAT_SCHEDULE["mailings-start-due"] = {
    "task": "campaigns.mailings.tasks.start_due_mailings",
    "schedule": crontab(minute="*"),
}

# Campaign attribution (campaigns.attribution)
# An account's first/last touch is kept this many days (AVG); daily counts and conversions stay.
ATTRIBUTION_RETENTION_DAYS = env.int("ATTRIBUTION_RETENTION_DAYS", default=395)
# A conversion without a campaign visit in the same session counts for the account's last touch
# when that is at most this many days old.
ATTRIBUTION_WINDOW_DAYS = env.int("ATTRIBUTION_WINDOW_DAYS", default=90)
# Beacon hits per client (hits, seconds) before it answers 429.
ATTRIBUTION_BEACON_LIMIT = (env.int("ATTRIBUTION_BEACON_LIMIT", default=120), 600)
CELERY_BEAT_SCHEDULE["attribution-purge"] = {
    "task": "campaigns.attribution.tasks.purge_attribution",
    "schedule": crontab(hour=3, minute=45),
}

# Intake requests (loket.intake): requests of non-members are erased this many days after they
# came in (a request whose conversation is still ahead is kept).
INTAKE_RETENTION_DAYS = env.int("INTAKE_RETENTION_DAYS", default=365)
CELERY_BEAT_SCHEDULE["intake-erase-expired"] = {
    "task": "loket.intake.tasks.erase_expired_intake_requests",
    "schedule": crontab(hour=3, minute=50),
}
# Satisfaction (loket.satisfaction): a non-member's name, address and sentence go after the same
# INTAKE_RETENTION_DAYS; the score stays as an anonymous figure.
CELERY_BEAT_SCHEDULE["satisfaction-erase-expired"] = {
    "task": "loket.satisfaction.tasks.erase_expired_contacts",
    "schedule": crontab(hour=3, minute=55),
}

# Partners, warm handovers and Nabellen (loket.partners): the desk hears of SLA-handovers the
# partner did not confirm in time; what belonged to erased intake requests goes after them.
CELERY_BEAT_SCHEDULE["partners-unconfirmed-handovers"] = {
    "task": "loket.partners.tasks.alert_unconfirmed_handovers",
    "schedule": crontab(minute=20),
}
# A non-SLA handover is rated after the follow-up call that says there was contact (at once;
# this catches what could not be asked then).
CELERY_BEAT_SCHEDULE["partners-rate-followed-up-handovers"] = {
    "task": "loket.partners.tasks.ask_after_followed_up_handovers",
    "schedule": crontab(hour=10, minute=15),
}
CELERY_BEAT_SCHEDULE["partners-erase-with-intakes"] = {
    "task": "loket.partners.tasks.erase_with_erased_intakes",
    "schedule": crontab(hour=4, minute=5),
}

# Booked conversations: the reminder the day before, and weekly spreekuren as slots ahead.
CELERY_BEAT_SCHEDULE["intake-booking-reminders"] = {
    "task": "loket.intake.tasks.send_booking_reminders",
    "schedule": crontab(hour=9, minute=0),
}
CELERY_BEAT_SCHEDULE["intake-materialise-slots"] = {
    "task": "loket.intake.tasks.materialise_booking_slots",
    "schedule": crontab(hour=2, minute=40),
}

# Security headers (loket.core.security); django-csp needs only its middleware, not an app entry.
# Scripts only from our own origin or with the nonce of the response; styles may be inline
# (style attributes in templates and rich text).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *env.list("CSP_MEDIA_ORIGINS", default=[])],
        "media-src": [SELF, *env.list("CSP_MEDIA_ORIGINS", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Embedded videos (wagtail.embeds) are the only frames on our pages.
        "frame-src": env.list(
            "CSP_FRAME_SRC",
            default=[
                "https://www.youtube-nocookie.com",
                "https://www.youtube.com",
                "https://player.vimeo.com",
            ],
        ),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The clickjacking rule: no other site may frame ours.
        "frame-ancestors": [NONE],
        "report-uri": "/csp-rapport/",
    },
}
# Wagtail's admin renders inline scripts (panels, date widgets), shows image previews from blobs
# and frames its own page previews; it gets these directives instead of the public ones.
CSP_ADMIN_PREFIX = "/admin/"
CSP_ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *env.list("CSP_MEDIA_ORIGINS", default=[])],
    "frame-src": [SELF, *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]],
    "frame-ancestors": [SELF],
}
# Violation reports per client (reports, seconds) that are logged; the rest get a 429.
CSP_REPORT_LIMIT = (env.int("CSP_REPORT_LIMIT", default=60), 600)
# Browser features no page of ours uses, switched off for our pages and anything they embed.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), "
    "browsing-topics=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No request leaves the site that a visitor or staff member didn't ask for: no avatars from
# gravatar.com, no update check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
