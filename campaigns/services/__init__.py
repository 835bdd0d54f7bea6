"""Tip een ander: codes and links, tipping by mail, attribution, qualifying, risk, erasure.

Qualifying is the money moment: a conditional update moves a referral from aangemeld to
gekwalificeerd exactly once, and the credits ledger's unique reference refuses a second award
for the same referral even if two signals race past each other. The modules: ``base`` (rules,
errors, households), ``codes``, ``tips`` (tipping by mail), ``signups`` (attributing a new
account), ``qualifying`` and ``leaderboard``.
"""

from .base import (
    CODE_ALPHABET,
    COOKIE_DAYS,
    COOKIE_NAME,
    COOKIE_SALT,
    DISPOSABLE_DOMAINS,
    NEW_ACCOUNT_DAYS,
    TIP_SALT,
    Status,
    TipError,
    household,
    programme,
    same_household,
)
from .codes import check_signup_code, code_for, codes_for, referral_url, referrer_for_code
from .leaderboard import ambassadors_of_the_month, set_leaderboard, shows_on_leaderboard
from .qualifying import event_qualifies, qualify
from .signups import attribute, attribute_at_sign_up, cookie_value, read_cookie
from .tips import erase_addresses, suggested_note, tip_by_mail, tips_of, tips_today

__all__ = [
    "CODE_ALPHABET",
    "COOKIE_DAYS",
    "COOKIE_NAME",
    "COOKIE_SALT",
    "DISPOSABLE_DOMAINS",
    "NEW_ACCOUNT_DAYS",
    "Status",
    "TIP_SALT",
    "TipError",
    "ambassadors_of_the_month",
    "attribute",
    "attribute_at_sign_up",
    "check_signup_code",
    "code_for",
    "codes_for",
    "cookie_value",
    "erase_addresses",
    "event_qualifies",
    "household",
    "programme",
    "qualify",
    "read_cookie",
    "referral_url",
    "referrer_for_code",
    "same_household",
    "set_leaderboard",
    "shows_on_leaderboard",
    "suggested_note",
    "tip_by_mail",
    "tips_of",
    "tips_today",
]
