"""A member's tip code and link: making codes, one or many at once, and reading them back.
Also the sign-up form's check of a typed code."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url

from ..models import ReferralCode
from .base import CODE_ALPHABET

if TYPE_CHECKING:
    from loket.accounts.models import User


def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


def code_for(member: User) -> str:
    existing = ReferralCode.objects.filter(member=member).first()
    if existing is not None:
        return existing.code
    for _attempt in range(5):
        code = _new_code()
        try:
            with transaction.atomic():
                return ReferralCode.objects.create(member=member, code=code).code
        except IntegrityError:
            existing = ReferralCode.objects.filter(member=member).first()
            if existing is not None:
                return existing.code
    raise RuntimeError("no free referral code")


def referrer_for_code(code: str | None) -> User | None:
    code = (code or "").strip().upper()
    # Only the code alphabet reaches the database (a NUL byte is an error on PostgreSQL).
    if not code or len(code) > 16 or not set(code) <= set(CODE_ALPHABET):
        return None
    row = ReferralCode.objects.select_related("member").filter(code=code).first()
    if row is None or not row.member.is_active or row.member.is_deleted:
        return None
    return row.member


def check_signup_code(code: str, data: Mapping[str, Any]) -> str:
    """The sign-up form's validator of the tip code (contributed to the
    ``SIGNUP_VALIDATORS`` hook in ``wagtail_hooks.py``).

    An unknown or forged code is refused before any account exists. A member's own code is not
    refused here: saying so would tell whoever tries an address whether it belongs to the
    code's owner. ``attribute`` records such a sign-up as "Zelf getipt", which never earns credits.
    """
    if referrer_for_code(code) is None:
        raise ValidationError(
            _("Deze tipcode kennen we niet. Kijk je hem even na? Je kunt het veld ook leeg laten."),
            code="unknown_tip_code",
        )
    return code.strip().upper()


def codes_for(members: Sequence[User]) -> dict[int, str]:
    """``{member id: code}`` for many members at once, making the missing codes in one go.

    A mailing to thousands of members would otherwise look up (and on their first mailing
    create) each code on its own. A rare clash of random codes falls back to ``code_for``.
    """
    ids = [member.pk for member in members]
    codes = dict(ReferralCode.objects.filter(member_id__in=ids).values_list("member_id", "code"))
    missing = [pk for pk in ids if pk not in codes]
    if missing:
        ReferralCode.objects.bulk_create(
            [ReferralCode(member_id=pk, code=_new_code()) for pk in missing],
            ignore_conflicts=True,
        )
        codes.update(
            ReferralCode.objects.filter(member_id__in=missing).values_list("member_id", "code")
        )
    for member in members:
        if member.pk not in codes:
            codes[member.pk] = code_for(member)
    return codes


def referral_url(member: User, code: str | None = None) -> str:
    return absolute_url(reverse("campaigns:referral_link", args=[code or code_for(member)]))
