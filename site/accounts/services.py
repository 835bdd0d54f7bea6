"""What happens to accounts: sign-up, e-mail verification, profile updates, export and deletion.

Views, the admin, management commands and tests call these functions; none of them needs a request
except to build links on the host the member is using.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import FileField, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from loket.mail.models import Category
from loket.mail.services import forget_address, is_opted_out, opt_in, opt_out, queue_mail
from loket.sanitize import clean_text

from . import privacy
from .models import Profile
from .signals import member_signed_up
from .validators import normalise_kvk_number

logger = logging.getLogger(__name__)

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

# Free-text profile fields: plain text only, every tag stripped (loket.sanitize).
TEXT_FIELDS = ("company_name", "municipality", "bio")
# What create_member and update_profile take as keywords; themes and photo have their own.
PROFILE_FIELDS = frozenset(Profile.MEMBER_FIELDS + Profile.CONSENT_FIELDS) - {"themes", "photo"}


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
        opt_out(user.email, Category.BULK)


def refresh_newsletter_choice(profile):
    """A one-click unsubscribe from a mailing wins over the tick on the profile."""
    if profile.newsletter and is_opted_out(profile.user.email, Category.BULK):
        profile.newsletter = False
        profile.save(update_fields=["newsletter", "updated_at"])
    return profile


# Sign-up and e-mail verification


def unclaimed_signups():
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


def _password_fingerprint(user):
    # Part of the verification token: a new sign-up for an unconfirmed address replaces the
    # password, and so every link mailed before it stops working.
    return salted_hmac(VERIFY_SALT, user.password, algorithm="sha256").hexdigest()[:24]


def verification_token(user):
    # The address is part of the token too: a link stops working once the address changes.
    return signing.dumps(
        {"u": user.pk, "e": user.email, "p": _password_fingerprint(user)},
        salt=VERIFY_SALT,
        compress=True,
    )


def send_verification(user, *, request=None):
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


def sign_up(
    *, email, password, first_name, last_name, privacy_consent_version, request=None, data=None
):
    """Create an unverified member and mail the verification link.

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


def read_verification_token(token):
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


def check_verification_link(token):
    """The account a verification link would confirm, changing nothing.

    For the page a GET of the link shows: mail scanners open links too, so only the member's
    POST from that page confirms. Raises what ``verify_email`` raises.
    """
    return _account_of_link(get_user_model().objects.all(), token)


def verify_email(token):
    """Mark the address of the token's account as confirmed and return the user.

    Raises ``VerificationExpired``, ``AlreadyVerified``, ``VerificationSuperseded`` or
    ``VerificationError``.
    """
    with transaction.atomic():
        user = _account_of_link(get_user_model().objects.select_for_update(), token)
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


# The key of each profile field in the download (Dutch: the member reads it).
EXPORT_KEYS = {
    "company_name": "bedrijfsnaam",
    "kvk_number": "kvk_nummer",
    "sector": "sector",
    "company_size": "bedrijfsgrootte",
    "province": "provincie",
    "municipality": "gemeente",
    "themes": "themas",
    "bio": "over_mij",
    "photo": "foto",
    "visible_fields": "zichtbaar_voor_andere_leden",
    "newsletter": "nieuwsbrief",
    "digest_frequency": "samenvatting_per_mail",
    "privacy_consent_at": "akkoord_privacyverklaring_op",
    "privacy_consent_version": "versie_privacyverklaring",
    "created_at": "aangemaakt",
    "updated_at": "bijgewerkt",
}


def _export_value(profile, name):
    field = profile._meta.get_field(name)
    if field.many_to_many:
        return [str(item) for item in getattr(profile, name).all()]
    value = getattr(profile, name)
    if field.choices:
        return getattr(profile, f"get_{name}_display")() if value else ""
    if isinstance(field, FileField):
        return absolute_url(value.url) if value else None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return list(value)
    return value


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
            EXPORT_KEYS[name]: _export_value(profile, name) for name in Profile.EXPORTED_FIELDS
        },
    }
    for name, value in privacy.export(user).items():
        data.setdefault(name, value)
    return data


def deleted_email(user):
    # RFC 2606 reserves .invalid: this can never be somebody's address, and stays unique.
    return f"verwijderd-{user.pk}@verwijderd.invalid"


# What erasure leaves in a field when the field's default is not empty.
ERASED_VALUES = {"visible_fields": []}


def _clear_profile(profile):
    """Empty every field the member filled in or chose; consent and timestamps stay."""
    for name in Profile.MEMBER_FIELDS:
        field = profile._meta.get_field(name)
        if field.many_to_many:
            getattr(profile, name).clear()
            continue
        if isinstance(field, FileField) and getattr(profile, name):
            _delete_file_on_commit(getattr(profile, name))
        setattr(profile, name, ERASED_VALUES.get(name, field.get_default()))
    profile.save()


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
        # The outbox rows are personal data; the opt-outs (hashes only) stay, so an erased
        # member who signs up again is not sent the mailings they refused.
        forget_address(email)
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


def purge_unverified_accounts(older_than=None):
    """Delete sign-ups nobody confirmed within ``older_than`` (UNVERIFIED_ACCOUNT_DAYS days).

    Only unclaimed ones (``unclaimed_signups``): never a staff account or one with a role, never
    an account that has logged in, never a deleted one (its row carries anonymous content).
    Safe to run twice: each account is checked again under its row lock, and a second run finds
    nothing left. Returns how many accounts were deleted.
    """
    if older_than is None:
        older_than = timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    cutoff = timezone.now() - older_than
    User = get_user_model()
    candidates = unclaimed_signups().filter(date_joined__lt=cutoff)
    deleted = 0
    for user_id in list(candidates.values_list("pk", flat=True).distinct()):
        try:
            with transaction.atomic():
                # Lock first, then check again: the owner may confirm at this very moment.
                user = User.objects.select_for_update().filter(pk=user_id).first()
                if user is None or not candidates.filter(pk=user_id).exists():
                    continue
                privacy.erase(user, keep_content=False)
                forget_address(user.email)
                user.delete()
        except ProtectedError:
            logger.warning("Unconfirmed account %s is still referred to; not deleted.", user_id)
            continue
        deleted += 1
    if deleted:
        logger.info("Deleted %s sign-ups that were never confirmed.", deleted)
    return deleted
