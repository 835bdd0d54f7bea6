"""The AVG side of an account: exporting what is stored, deleting an account on request,
and purging sign-ups nobody confirmed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import FileField, ProtectedError
from django.utils import timezone

from wagtail.users.models import UserProfile

from loket.mail.services import forget_address

from .. import privacy
from ..models import Profile
from .base import _delete_file_on_commit, absolute_url
from .profile import ensure_profile
from .signup import unclaimed_signups

if TYPE_CHECKING:
    from ..models import User

logger = logging.getLogger(__name__)


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
    "home_site": "je_loket",
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
    if field.many_to_one:
        return (value.site_name or value.hostname) if value else ""
    if isinstance(field, FileField):
        return absolute_url(value.url) if value else None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return list(value)
    return value


def export_member_data(user: User) -> dict[str, Any]:
    """Everything stored about ``user`` as JSON-able data: account, profile and other apps."""
    profile = ensure_profile(user)
    data = {
        "geexporteerd_op": timezone.now().isoformat(),
        "account": {
            "e-mailadres": user.email,
            "voornaam": user.first_name,
            "achternaam": user.last_name,
            "e-mailadres_bevestigd": user.email_verified,
            "lid_sinds": privacy.iso(user.date_joined),
            "laatst_ingelogd": privacy.iso(user.last_login),
        },
        "profiel": {
            EXPORT_KEYS[name]: _export_value(profile, name) for name in Profile.EXPORTED_FIELDS
        },
    }
    for name, value in privacy.export(user).items():
        data.setdefault(name, value)
    return data


def deleted_email(user: User) -> str:
    # RFC 2606 reserves .invalid: this can never be somebody's address, and stays unique.
    return f"verwijderd-{user.pk}@verwijderd.invalid"


# What erasure leaves in a field when the field's default is not empty.
ERASED_VALUES: dict[str, Any] = {"visible_fields": []}


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
    for wagtail_profile in UserProfile.objects.filter(user=user):
        if wagtail_profile.avatar:
            _delete_file_on_commit(wagtail_profile.avatar)
        wagtail_profile.delete()


def delete_account(user: User, keep_content: bool) -> User:
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


def purge_unverified_accounts(older_than: timedelta | None = None) -> int:
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
