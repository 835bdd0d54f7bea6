"""Signing up: a new member, or an unclaimed sign-up for the same address renewed.
The outcome looks the same whether or not the address is known (no account enumeration)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..signals import member_signed_up
from .base import (
    SIGNUP_MAIL_LIMIT,
    SIGNUP_MAIL_PERIOD,
    EmailAlreadyRegistered,
    _address_key,
    _hour,
    absolute_url,
    over_limit,
)
from .profile import create_member, ensure_profile
from .verification import send_verification

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from loket.mail.models import OutgoingMail

    from ..models import User


def unclaimed_signups() -> QuerySet[User]:
    """Accounts made by a sign-up that nobody has claimed yet.

    Address never confirmed, never logged in, no role, permission or staff flag, not deleted.
    Only these may be overwritten by a new sign-up for the same address, or purged when old:
    anything else may be someone's real account (the Wagtail admin does not ask for a confirmed
    address).
    """
    return get_user_model().objects.filter(
        email_verified=False,
        last_login__isnull=True,
        deleted_at__isnull=True,
        is_staff=False,
        is_superuser=False,
        groups__isnull=True,
        user_permissions__isnull=True,
    )


def send_existing_account_notice(
    user: User, *, request: HttpRequest | None = None
) -> OutgoingMail | None:
    """Tell the owner of an address that someone tried to sign up with it again."""
    return queue_mail(
        to=user.email,
        template="accounts_existing_account",
        context={
            "first_name": user.first_name,
            "login_url": absolute_url(reverse("accounts:login"), request),
            "reset_url": absolute_url(reverse("accounts:password_reset"), request),
        },
        idempotency_key=f"accounts-existing:{user.pk}:{_hour()}",
    )


def _renew_unclaimed_signup(user, *, password, first_name, last_name, privacy_consent_version):
    """Give an unclaimed account the newest sign-up's password, names and consent.

    Whoever signed up first cannot keep a password on somebody else's address: only the owner
    of the mailbox can confirm it, and then with what they chose themselves.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        # The same password again (a double submit) keeps the link that is already on its way.
        if not user.check_password(password):
            user.set_password(password)
        user.first_name = clean_text(first_name).strip()
        user.last_name = clean_text(last_name).strip()
        # A fresh start: the purge of old unconfirmed sign-ups counts from now.
        user.date_joined = timezone.now()
        user.save(update_fields=["password", "first_name", "last_name", "date_joined"])
        profile = ensure_profile(user)
        profile.privacy_consent_version = privacy_consent_version
        profile.privacy_consent_at = timezone.now()
        profile.save(update_fields=["privacy_consent_version", "privacy_consent_at", "updated_at"])
    return user


def region_for_municipality(municipality: str) -> Site | None:
    """The region whose site settings list ``municipality`` in its area (one query), or None.

    Compared without case or surrounding spaces ("'s-Hertogenbosch", "Utrechtse Heuvelrug").
    """
    # local import: the core models import the accounts app's models
    from loket.core.models import SiteSettings

    wanted = municipality.strip().casefold()
    if not wanted:
        return None
    rows = SiteSettings.objects.exclude(municipalities="").select_related("site").order_by("pk")
    for row in rows:
        if wanted in {line.strip().casefold() for line in row.municipalities.splitlines()}:
            return row.site
    return None


def sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    privacy_consent_version: str,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> User | None:
    """Create an unverified member and mail the verification link. The member's home region
    is the one whose area holds the municipality they gave, else the site they signed up on.

    The outcome looks the same to the person signing up whether or not the address is known
    (no account enumeration): a known owner gets a "you already have an account" mail instead.
    An unclaimed sign-up for the address (see ``unclaimed_signups``) takes this submission's
    password, names and consent, and gets a new link; earlier links stop working. Returns the
    new user, or ``None``.
    """
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is None:
        try:
            user = create_member(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                privacy_consent_version=privacy_consent_version,
            )
        except EmailAlreadyRegistered:
            existing = User.objects.filter(email__iexact=email.strip()).first()
        else:
            municipality = str((data or {}).get("municipality") or "").strip()[:100]
            if request is not None or municipality:
                profile = ensure_profile(user)
                profile.home_site = region_for_municipality(municipality) or (
                    Site.find_for_request(request) if request is not None else None
                )
                profile.municipality = municipality
                profile.save(update_fields=["home_site", "municipality"])
            send_verification(user, request=request)
            member_signed_up.send(sender=User, user=user, request=request, data=data or {})
            return user
    if existing is not None and unclaimed_signups().filter(pk=existing.pk, is_active=True).exists():
        existing = _renew_unclaimed_signup(
            existing,
            password=password,
            first_name=first_name,
            last_name=last_name,
            privacy_consent_version=privacy_consent_version,
        )
        if not over_limit(_address_key("signup", email), SIGNUP_MAIL_LIMIT, SIGNUP_MAIL_PERIOD):
            send_verification(existing, request=request)
        member_signed_up.send(sender=User, user=existing, request=request, data=data or {})
        return None
    # Hash anyway so the response takes as long as for a new account.
    make_password(password)
    if existing is None or not existing.is_active:
        return None
    if existing.email_verified:
        send_existing_account_notice(existing, request=request)
    else:
        # Claimed but unconfirmed (a staff account, or one that logged in before): its password
        # stays; the owner gets a link for the account as it is.
        send_verification(existing, request=request)
    return None
