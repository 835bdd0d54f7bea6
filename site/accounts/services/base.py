"""Shared ground of the account services: their errors, settings, links and rate limits.
Nothing here changes an account; the other modules build on it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from django.http import HttpRequest


VERIFY_SALT = "loket.accounts.verify-email"
# Resend requests per address per hour; counted whether or not the address has an account.
RESEND_LIMIT = 3
RESEND_PERIOD = 60 * 60
PASSWORD_RESET_LIMIT = 3
PASSWORD_RESET_PERIOD = 60 * 60
# Verification mails per address per hour when sign-ups for an unconfirmed address keep coming
# (each one replaces the password and so needs a new link): no mail bombing through the form.
SIGNUP_MAIL_LIMIT = 3
SIGNUP_MAIL_PERIOD = 60 * 60


class EmailAlreadyRegistered(ValueError):
    """``create_member`` was asked for an address that already has an account."""


class VerificationError(Exception):
    """A verification link that cannot be used; ``reason`` says why, for the page shown."""

    reason = "invalid"

    def __init__(self, email=""):
        super().__init__(self.reason)
        self.email = email


class VerificationExpired(VerificationError):
    reason = "expired"


class AlreadyVerified(VerificationError):
    reason = "already_verified"


class VerificationSuperseded(VerificationError):
    """The address signed up again since this link was mailed; only the newest link works."""

    reason = "superseded"


class RateLimited(Exception):
    """Too many requests for one address; try again later."""


def verification_max_age() -> int:
    return getattr(settings, "EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24 * 3)


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """A full link to ``path`` on the host the member is using, or on SITE_URL without a request."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def _hour():
    return timezone.now().strftime("%Y%m%d%H")


def _address_key(prefix, email):
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"accounts:{prefix}:{digest}"


def over_limit(key: str, limit: int, period: int) -> bool:
    """Count one hit on ``key``; True when there were more than ``limit`` within ``period``."""
    if cache.add(key, 1, period):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return False


def _delete_file_on_commit(field_file):
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
