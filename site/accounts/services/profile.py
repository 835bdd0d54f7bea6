"""Members and their profiles: creating a member, profile updates, the newsletter choice.
Free text is cleaned here; photos are replaced once the change is committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.mail.models import Category
from loket.mail.services import is_opted_out, opt_in, opt_out
from loket.sanitize import clean_text

from ..models import Profile
from ..validators import normalise_kvk_number
from .base import EmailAlreadyRegistered, _delete_file_on_commit

if TYPE_CHECKING:
    from ..models import User


# Free-text profile fields: plain text only, every tag stripped (loket.sanitize).
TEXT_FIELDS = ("company_name", "municipality", "bio")
# What create_member and update_profile take as keywords; themes and photo have their own.
PROFILE_FIELDS = frozenset(Profile.MEMBER_FIELDS + Profile.CONSENT_FIELDS) - {"themes", "photo"}


def ensure_profile(user: User) -> Profile:
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


def create_member(
    *,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    verified: bool = False,
    themes: Iterable[Any] | None = None,
    **profile_fields: Any,
) -> User:
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


def update_profile(
    user: User,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    themes: Iterable[Any] | None = None,
    photo: Any = None,
    **fields: Any,
) -> Profile:
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


def set_newsletter_subscription(user: User, subscribed: bool) -> None:
    """Keep the mail app's opt-out list in line with the newsletter choice on the profile."""
    if subscribed:
        opt_in(user.email, Category.BULK)
    else:
        opt_out(user.email, Category.BULK)


def refresh_newsletter_choice(profile: Profile) -> Profile:
    """A one-click unsubscribe from a mailing wins over the tick on the profile."""
    if profile.newsletter and is_opted_out(profile.user.email, Category.BULK):
        profile.newsletter = False
        profile.save(update_fields=["newsletter", "updated_at"])
    return profile
