"""Shared ground of Tip een ander: the programme's rules, settings, errors and households.
Nothing here changes a referral; the other modules build on it."""

from __future__ import annotations

from loket.mail.models import normalise_email

from ..models import Referral, ReferralProgramme

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TIP_SALT = "campaigns.tip"
COOKIE_NAME = "loket_tip"
COOKIE_SALT = "campaigns.tip-cookie"
COOKIE_DAYS = 90
# A new account counts as new for attribution this long after it was made.
NEW_ACCOUNT_DAYS = 30
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
    }
)

Status = Referral.Status


class TipError(Exception):
    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def programme() -> ReferralProgramme:
    return ReferralProgramme.load()


# The "household" of an address: the same mailbox under + aliases and (Gmail) dots.


def household(email: str) -> str:
    local, _at, domain = normalise_email(email).partition("@")
    local = local.split("+", 1)[0]
    if domain in {"gmail.com", "googlemail.com"}:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def same_household(a: str, b: str) -> bool:
    return bool(a and b) and household(a) == household(b)
