"""Links that prove who someone is: the e-mail verification link and the password reset mail.
Tokens, their checks, and the mails that carry them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from loket.mail.services import queue_mail

from .base import (
    PASSWORD_RESET_LIMIT,
    PASSWORD_RESET_PERIOD,
    RESEND_LIMIT,
    RESEND_PERIOD,
    VERIFY_SALT,
    AlreadyVerified,
    RateLimited,
    VerificationError,
    VerificationExpired,
    VerificationSuperseded,
    _address_key,
    _hour,
    absolute_url,
    over_limit,
    verification_max_age,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.mail.models import OutgoingMail

    from ..models import User


def _password_fingerprint(user):
    # Part of the verification token: a new sign-up for an unconfirmed address replaces the
    # password, and so every link mailed before it stops working.
    return salted_hmac(VERIFY_SALT, user.password, algorithm="sha256").hexdigest()[:24]


def verification_token(user: User) -> str:
    # The address is part of the token too: a link stops working once the address changes.
    return signing.dumps(
        {"u": user.pk, "e": user.email, "p": _password_fingerprint(user)},
        salt=VERIFY_SALT,
        compress=True,
    )


def send_verification(user: User, *, request: HttpRequest | None = None) -> OutgoingMail | None:
    """Queue the mail with the link that confirms the address.

    One mail per hour per account and password: asking again within the hour sends nothing new,
    a sign-up that replaced the password (and so the link) does.
    """
    url = absolute_url(reverse("accounts:verify", args=[verification_token(user)]), request)
    return queue_mail(
        to=user.email,
        template="accounts_verify",
        context={
            "first_name": user.first_name,
            "verify_url": url,
            "valid_days": verification_max_age() // (60 * 60 * 24),
        },
        idempotency_key=f"accounts-verify:{user.pk}:{_password_fingerprint(user)}:{_hour()}",
    )


def read_verification_token(token: str) -> tuple[int, str, str]:
    """Return ``(user_id, email, fingerprint)`` of a token; raises ``VerificationError``s."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=verification_max_age())
    except signing.SignatureExpired as error:
        try:
            email = signing.loads(token, salt=VERIFY_SALT)["e"]
        except (signing.BadSignature, TypeError, KeyError):
            email = ""
        raise VerificationExpired(email) from error
    except signing.BadSignature as error:
        raise VerificationError() from error
    try:
        return int(data["u"]), str(data["e"]), str(data["p"])
    except (TypeError, KeyError, ValueError) as error:
        raise VerificationError() from error


def _account_of_link(queryset, token):
    user_id, email, fingerprint = read_verification_token(token)
    user = queryset.filter(pk=user_id, is_active=True).first()
    if user is None or user.email.lower() != email.lower():
        raise VerificationError()
    if user.email_verified:
        raise AlreadyVerified(user.email)
    if not constant_time_compare(fingerprint, _password_fingerprint(user)):
        raise VerificationSuperseded(user.email)
    return user


def check_verification_link(token: str) -> User:
    """The account a verification link would confirm, changing nothing.

    For the page a GET of the link shows: mail scanners open links too, so only the member's
    POST from that page confirms. Raises what ``verify_email`` raises.
    """
    return _account_of_link(get_user_model().objects.all(), token)


def verify_email(token: str) -> User:
    """Mark the address of the token's account as confirmed and return the user.

    Raises ``VerificationExpired``, ``AlreadyVerified``, ``VerificationSuperseded`` or
    ``VerificationError``.
    """
    with transaction.atomic():
        user = _account_of_link(get_user_model().objects.select_for_update(), token)
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


def request_new_verification(email: str, *, request: HttpRequest | None = None) -> None:
    """Send a new verification link if ``email`` has an unconfirmed account.

    Raises ``RateLimited`` after a few requests for the same address within an hour, whether or
    not it has an account, so the limit reveals nothing either.
    """
    if over_limit(_address_key("resend", email), RESEND_LIMIT, RESEND_PERIOD):
        raise RateLimited(email)
    User = get_user_model()
    user = User.objects.filter(
        email__iexact=email.strip(), is_active=True, email_verified=False
    ).first()
    if user is not None:
        send_verification(user, request=request)


def send_password_reset(
    user: User, *, uidb64: str, token: str, base_url: str
) -> OutgoingMail | None:
    """Queue the mail with the link to choose a new password (Django's reset token)."""
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return queue_mail(
        to=user.email,
        template="accounts_password_reset",
        context={
            "first_name": user.first_name,
            "reset_url": base_url.rstrip("/") + path,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24),
        },
        # The token changes with every request, so a double click sends one mail, a new request
        # a new one.
        idempotency_key=f"accounts-reset:{user.pk}:{token}",
    )


def password_reset_allowed(email: str) -> bool:
    """Count one reset request for ``email``; False once the hourly limit is reached."""
    return not over_limit(_address_key("reset", email), PASSWORD_RESET_LIMIT, PASSWORD_RESET_PERIOD)
