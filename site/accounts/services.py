"""What happens to accounts: sign-up, e-mail verification, profile updates, export and deletion.

Views, the admin, management commands and tests call these functions; none of them needs a request
except to build links on the host the member is using.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from loket.mail.models import Category, MailOptOut, OutgoingMail
from loket.mail.services import is_opted_out, opt_in, queue_mail
from loket.sanitize import clean_text

from . import privacy
from .models import DigestFrequency, Profile
from .validators import normalise_kvk_number

logger = logging.getLogger(__name__)

VERIFY_SALT = "loket.accounts.verify-email"
# Resend requests per address per hour; counted whether or not the address has an account.
RESEND_LIMIT = 3
RESEND_PERIOD = 60 * 60
PASSWORD_RESET_LIMIT = 3
PASSWORD_RESET_PERIOD = 60 * 60

# Free-text profile fields: plain text only, every tag stripped (loket.sanitize).
TEXT_FIELDS = ("company_name", "municipality", "bio")
PROFILE_FIELDS = {
    "company_name",
    "kvk_number",
    "sector",
    "company_size",
    "province",
    "municipality",
    "bio",
    "visible_fields",
    "newsletter",
    "digest_frequency",
    "privacy_consent_at",
    "privacy_consent_version",
}


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


class RateLimited(Exception):
    """Too many requests for one address; try again later."""


def verification_max_age():
    return getattr(settings, "EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24 * 3)


def absolute_url(path, request=None):
    """A full link to ``path`` on the host the member is using, or on SITE_URL without a request."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def _hour():
    return timezone.now().strftime("%Y%m%d%H")


def _address_key(prefix, email):
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"accounts:{prefix}:{digest}"


def over_limit(key, limit, period):
    """Count one hit on ``key``; True when there were more than ``limit`` within ``period``."""
    if cache.add(key, 1, period):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return False


# Profiles


def ensure_profile(user):
    """The member's profile; made on the spot for accounts created without one (admin, shell)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile


def _clean_profile_fields(fields):
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    cleaned = dict(fields)
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = clean_text(cleaned[name]).strip()
    if "kvk_number" in cleaned:
        cleaned["kvk_number"] = normalise_kvk_number(cleaned["kvk_number"])
    return cleaned


def _delete_file_on_commit(field_file):
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def create_member(
    *, email, password, first_name, last_name, verified=False, themes=None, **profile_fields
):
    """Create an account with its profile; raises ``EmailAlreadyRegistered`` for a known address.

    ``profile_fields`` are Profile fields (company_name, sector, …); ``themes`` Theme objects or
    ids. Passing ``privacy_consent_version`` records the consent time as now.
    """
    User = get_user_model()
    fields = _clean_profile_fields(profile_fields)
    if fields.get("privacy_consent_version") and not fields.get("privacy_consent_at"):
        fields["privacy_consent_at"] = timezone.now()
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise EmailAlreadyRegistered(email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email.strip(),
                password,
                first_name=clean_text(first_name).strip(),
                last_name=clean_text(last_name).strip(),
                email_verified=verified,
            )
            profile = Profile.objects.create(user=user, **fields)
            if themes:
                profile.themes.set(themes)
    except IntegrityError as error:
        # A second request for the same address won the race to the unique index.
        raise EmailAlreadyRegistered(email) from error
    user.profile = profile
    return user


def update_profile(user, *, first_name=None, last_name=None, themes=None, photo=None, **fields):
    """Save the member's name and profile fields.

    ``photo``: ``None`` leaves it, ``False`` removes it, an uploaded file replaces it (the old
    file is deleted once the change is committed). ``themes``: ``None`` leaves them.
    """
    fields = _clean_profile_fields(fields)
    with transaction.atomic():
        # A fresh, locked row: a form may have changed the cached ``user.profile`` in memory.
        profile = Profile.objects.select_for_update().get(pk=ensure_profile(user).pk)
        was_subscribed = profile.newsletter
        user_fields = []
        if first_name is not None:
            user.first_name = clean_text(first_name).strip()
            user_fields.append("first_name")
        if last_name is not None:
            user.last_name = clean_text(last_name).strip()
            user_fields.append("last_name")
        if user_fields:
            user.save(update_fields=user_fields)
        for name, value in fields.items():
            setattr(profile, name, value)
        if photo is False or photo:
            if profile.photo:
                _delete_file_on_commit(profile.photo)
            profile.photo = photo or ""
        profile.save()
        if themes is not None:
            profile.themes.set(themes)
        if profile.newsletter != was_subscribed:
            set_newsletter_subscription(user, profile.newsletter)
    user.profile = profile
    return profile


def set_newsletter_subscription(user, subscribed):
    """Keep the mail app's opt-out list in line with the newsletter choice on the profile."""
    if subscribed:
        opt_in(user.email, Category.BULK)
    else:
        MailOptOut.objects.get_or_create(email=user.email.lower(), category=Category.BULK)


def refresh_newsletter_choice(profile):
    """A one-click unsubscribe from a mailing wins over the tick on the profile."""
    if profile.newsletter and is_opted_out(profile.user.email, Category.BULK):
        profile.newsletter = False
        profile.save(update_fields=["newsletter", "updated_at"])
    return profile


# Sign-up and e-mail verification


def verification_token(user):
    # The address is part of the token: a link stops working once the address changes.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def send_verification(user, *, request=None):
    """Queue the mail with the link that confirms the address (once per hour per account)."""
    url = absolute_url(reverse("accounts:verify", args=[verification_token(user)]), request)
    return queue_mail(
        to=user.email,
        template="accounts_verify",
        context={
            "first_name": user.first_name,
            "verify_url": url,
            "valid_days": verification_max_age() // (60 * 60 * 24),
        },
        idempotency_key=f"accounts-verify:{user.pk}:{_hour()}",
    )


def send_existing_account_notice(user, *, request=None):
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


def sign_up(*, email, password, first_name, last_name, privacy_consent_version, request=None):
    """Create an unverified member and mail the verification link.

    The outcome looks the same to the person signing up whether or not the address is known
    (no account enumeration): a known, verified owner gets a "you already have an account" mail
    instead, an unverified one a new verification link. Returns the new user, or ``None``.
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
            send_verification(user, request=request)
            return user
    # Hash anyway so the response takes as long as for a new account.
    make_password(password)
    if existing is None or not existing.is_active:
        return None
    if existing.email_verified:
        send_existing_account_notice(existing, request=request)
    else:
        send_verification(existing, request=request)
    return None


def read_verification_token(token):
    """Return ``(user_id, email)`` of a token; raises ``VerificationError`` subclasses."""
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
        return int(data["u"]), str(data["e"])
    except (TypeError, KeyError, ValueError) as error:
        raise VerificationError() from error


def verify_email(token):
    """Mark the address of the token's account as confirmed and return the user.

    Raises ``VerificationExpired``, ``AlreadyVerified`` or ``VerificationError``.
    """
    user_id, email = read_verification_token(token)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None or user.email.lower() != email.lower():
            raise VerificationError()
        if user.email_verified:
            raise AlreadyVerified(user.email)
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


def request_new_verification(email, *, request=None):
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


def send_password_reset(user, *, uidb64, token, base_url):
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


def password_reset_allowed(email):
    """Count one reset request for ``email``; False once the hourly limit is reached."""
    return not over_limit(_address_key("reset", email), PASSWORD_RESET_LIMIT, PASSWORD_RESET_PERIOD)


# AVG: export and deletion


def _iso(value):
    return value.isoformat() if value else None


def export_member_data(user):
    """Everything stored about ``user`` as JSON-able data: account, profile and other apps."""
    profile = ensure_profile(user)
    data = {
        "geexporteerd_op": timezone.now().isoformat(),
        "account": {
            "e-mailadres": user.email,
            "voornaam": user.first_name,
            "achternaam": user.last_name,
            "e-mailadres_bevestigd": user.email_verified,
            "lid_sinds": _iso(user.date_joined),
            "laatst_ingelogd": _iso(user.last_login),
        },
        "profiel": {
            "bedrijfsnaam": profile.company_name,
            "kvk_nummer": profile.kvk_number,
            "sector": profile.get_sector_display() if profile.sector else "",
            "bedrijfsgrootte": profile.get_company_size_display() if profile.company_size else "",
            "provincie": profile.get_province_display() if profile.province else "",
            "gemeente": profile.municipality,
            "themas": [theme.name for theme in profile.themes.all()],
            "over_mij": profile.bio,
            "foto": absolute_url(profile.photo.url) if profile.photo else None,
            "zichtbaar_voor_andere_leden": list(profile.visible_fields or []),
            "nieuwsbrief": profile.newsletter,
            "samenvatting_per_mail": profile.get_digest_frequency_display(),
            "akkoord_privacyverklaring_op": _iso(profile.privacy_consent_at),
            "versie_privacyverklaring": profile.privacy_consent_version,
            "aangemaakt": _iso(profile.created_at),
            "bijgewerkt": _iso(profile.updated_at),
        },
    }
    for name, value in privacy.export(user).items():
        data.setdefault(name, value)
    return data


def deleted_email(user):
    # RFC 2606 reserves .invalid: this can never be somebody's address, and stays unique.
    return f"verwijderd-{user.pk}@verwijderd.invalid"


def _forget_outbox(email):
    """Remove the outbox rows addressed to ``email``: their subject and body are personal data."""
    OutgoingMail.objects.filter(to__iexact=email).delete()


def _clear_profile(profile):
    if profile.photo:
        _delete_file_on_commit(profile.photo)
    profile.photo = ""
    for name in ("company_name", "kvk_number", "sector", "company_size", "province"):
        setattr(profile, name, "")
    profile.municipality = ""
    profile.bio = ""
    profile.visible_fields = []
    profile.newsletter = False
    profile.digest_frequency = DigestFrequency.NEVER
    profile.save()
    profile.themes.clear()


def _clear_wagtail_profile(user):
    from wagtail.users.models import UserProfile

    for wagtail_profile in UserProfile.objects.filter(user=user):
        if wagtail_profile.avatar:
            _delete_file_on_commit(wagtail_profile.avatar)
        wagtail_profile.delete()


def delete_account(user, keep_content):
    """Erase the member's personal data; their content is anonymised or removed as they chose.

    The user row stays (content kept anonymously still points at it) with every personal field
    wiped: the address becomes ``verwijderd-<id>@verwijderd.invalid``, the password unusable and
    the account inactive, which also ends the member's sessions elsewhere. Registered erasers of
    other apps run first, while the address is still known. Safe to run twice: a deleted account
    is left alone.
    """
    if user.is_deleted:
        return user
    with transaction.atomic():
        email = user.email
        privacy.erase(user, keep_content)
        _forget_outbox(email)
        MailOptOut.objects.filter(email=email.lower()).delete()
        _clear_profile(ensure_profile(user))
        _clear_wagtail_profile(user)
        user.email = deleted_email(user)
        user.first_name = ""
        user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.email_verified = False
        user.last_login = None
        user.deleted_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    logger.info("Account %s deleted by its owner (content kept: %s).", user.pk, keep_content)
    return user
