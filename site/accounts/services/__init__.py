"""What happens to accounts: sign-up, e-mail verification, profile updates, export and deletion.

Views, the admin, management commands and tests call these functions; none of them needs a request
except to build links on the host the member is using. The modules: ``base`` (errors, links, rate
limits), ``profile``, ``verification`` (confirming an address, resetting a password), ``signup``
and ``member_data`` (the AVG: export, deletion, purging unconfirmed sign-ups).
"""

from .. import privacy
from .base import (
    PASSWORD_RESET_LIMIT,
    PASSWORD_RESET_PERIOD,
    RESEND_LIMIT,
    RESEND_PERIOD,
    SIGNUP_MAIL_LIMIT,
    SIGNUP_MAIL_PERIOD,
    VERIFY_SALT,
    AlreadyVerified,
    EmailAlreadyRegistered,
    RateLimited,
    VerificationError,
    VerificationExpired,
    VerificationSuperseded,
    absolute_url,
    over_limit,
    verification_max_age,
)
from .member_data import (
    ERASED_VALUES,
    EXPORT_KEYS,
    delete_account,
    deleted_email,
    export_member_data,
    purge_unverified_accounts,
)
from .profile import (
    PROFILE_FIELDS,
    TEXT_FIELDS,
    create_member,
    ensure_profile,
    refresh_newsletter_choice,
    set_newsletter_subscription,
    update_profile,
)
from .signup import send_existing_account_notice, sign_up, unclaimed_signups
from .verification import (
    check_verification_link,
    password_reset_allowed,
    read_verification_token,
    request_new_verification,
    send_password_reset,
    send_verification,
    verification_token,
    verify_email,
)

__all__ = [
    "AlreadyVerified",
    "ERASED_VALUES",
    "EXPORT_KEYS",
    "EmailAlreadyRegistered",
    "PASSWORD_RESET_LIMIT",
    "PASSWORD_RESET_PERIOD",
    "PROFILE_FIELDS",
    "RESEND_LIMIT",
    "RESEND_PERIOD",
    "RateLimited",
    "SIGNUP_MAIL_LIMIT",
    "SIGNUP_MAIL_PERIOD",
    "TEXT_FIELDS",
    "VERIFY_SALT",
    "VerificationError",
    "VerificationExpired",
    "VerificationSuperseded",
    "absolute_url",
    "check_verification_link",
    "create_member",
    "delete_account",
    "deleted_email",
    "ensure_profile",
    "export_member_data",
    "over_limit",
    "password_reset_allowed",
    "privacy",
    "purge_unverified_accounts",
    "read_verification_token",
    "refresh_newsletter_choice",
    "request_new_verification",
    "send_existing_account_notice",
    "send_password_reset",
    "send_verification",
    "set_newsletter_subscription",
    "sign_up",
    "unclaimed_signups",
    "update_profile",
    "verification_max_age",
    "verification_token",
    "verify_email",
]
