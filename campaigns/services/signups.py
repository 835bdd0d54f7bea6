"""Attributing a new account to the member who tipped it: by mail, typed code or link.
The link cookie and the risk score of a sign-up live here too."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.mail.models import address_hash

from ..models import Referral
from .base import (
    COOKIE_DAYS,
    COOKIE_SALT,
    DISPOSABLE_DOMAINS,
    NEW_ACCOUNT_DAYS,
    TIP_SALT,
    Status,
    household,
    same_household,
)
from .codes import referrer_for_code

if TYPE_CHECKING:
    from loket.accounts.models import User


def attribute_at_sign_up(
    user: User, *, typed_code: str = "", cookie_code: str = "", cookie_tip: str = ""
) -> Referral | None:
    """Attribute a new account at sign-up, from the code typed in the form and the link cookie.

    Which wins, in order: a tip by mail to this very address (that member tipped first; the
    post_save receiver has usually matched it already), then the typed code (the person's own
    statement), then the link they arrived by. A typed code that equals the link's code counts
    as arriving by the link, and keeps the link's tip token.

    A sign-up that takes over an unconfirmed one (see ``loket.accounts.services.sign_up``) drops
    what the earlier submission's code or link attributed: only the mailbox owner confirms, and
    they confirm the latest submission, so its attribution is theirs. Otherwise anyone could
    sign up first in somebody else's name with their own code and earn on them.
    """
    if not user.email_verified:
        Referral.objects.filter(
            referred=user,
            status__in=[Status.SIGNED_UP, Status.REJECTED],
            channel__in=[Referral.Channel.CODE, Referral.Channel.LINK],
            email_hash="",
        ).delete()
    if typed_code:
        by_link = typed_code == cookie_code
        return attribute(
            user,
            code=typed_code,
            tip_token=cookie_tip if by_link else "",
            channel=Referral.Channel.LINK if by_link else Referral.Channel.CODE,  # type: ignore[arg-type]
        )
    if cookie_code or cookie_tip:
        return attribute(user, code=cookie_code, tip_token=cookie_tip)
    return None


def cookie_value(code: str, tip: str = "") -> str:
    return signing.dumps({"c": code, "t": tip}, salt=COOKIE_SALT, compress=True)


def read_cookie(value: str | None) -> tuple[str, str]:
    try:
        data = signing.loads(value or "", salt=COOKIE_SALT, max_age=COOKIE_DAYS * 86400)
        return str(data.get("c", "")), str(data.get("t", ""))
    except (signing.BadSignature, AttributeError, TypeError):
        return "", ""


def _tip_from_token(token):
    try:
        pk = signing.loads(token, salt=TIP_SALT, max_age=settings.REFERRAL_ADDRESS_DAYS * 86400)
    except (signing.BadSignature, TypeError):
        return None
    return Referral.objects.filter(pk=pk).first()


def _is_new(user):
    return user.date_joined >= timezone.now() - timedelta(days=NEW_ACCOUNT_DAYS)


def _risk(referral, referrer, user):
    score, reasons = 0, []
    since = timezone.now() - timedelta(days=1)
    recent = Referral.objects.filter(referrer=referrer, signed_up_at__gte=since).count()
    if recent >= 3:
        score += 40
        reasons.append(_("veel aanmeldingen van dezelfde tipgever in korte tijd"))
    if user.email.rsplit("@", 1)[-1].lower() in DISPOSABLE_DOMAINS:
        score += 50
        reasons.append(_("wegwerp-e-mailadres"))
    if user.last_name and user.last_name.strip().lower() == referrer.last_name.strip().lower():
        score += 20
        reasons.append(_("zelfde achternaam als de tipgever"))
    local = household(user.email).split("@")[0]
    referrer_local = household(referrer.email).split("@")[0]
    if local and (local in referrer_local or referrer_local in local):
        score += 30
        reasons.append(_("e-mailadres lijkt op dat van de tipgever"))
    return score, [str(r) for r in reasons]


def attribute(
    user: User,
    *,
    code: str = "",
    tip_token: str = "",
    # Without django-stubs mypy reads a TextChoices member as its (value, label) tuple.
    channel: str = Referral.Channel.LINK,  # type: ignore[assignment]
) -> Referral | None:
    """Attribute the new account ``user`` to a referrer; return the Referral or None.

    Stored on a row keyed by the new account, so it survives verification and any later log-in.
    """
    existing = Referral.objects.filter(referred=user).first()
    if existing is not None or not _is_new(user):
        return existing
    referral = _tip_from_token(tip_token) if tip_token else None
    if referral is None:
        referral = Referral.objects.filter(
            status=Status.TIPPED,
            referred__isnull=True,
            email_hash=address_hash(household(user.email)),
        ).first()
    if referral is not None and (referral.referred_id or referral.status != Status.TIPPED):
        referral = None
    referrer = referral.referrer if referral else referrer_for_code(code)
    if referrer is None or referrer.pk == user.pk:
        return None
    now = timezone.now()
    if referral is None:
        referral = Referral(referrer=referrer, channel=channel)
    referral.referred = user
    referral.signed_up_at = now
    referral.status = Status.SIGNED_UP
    # The address served to find them; from now on the account is the reference.
    if referral.email:
        referral.email = ""
        referral.address_erased_at = now
    if same_household(user.email, referrer.email):
        referral.status = Status.REJECTED
        referral.rejection_reason = str(_("Zelf getipt"))
    referral.risk_score, referral.risk_reasons = _risk(referral, referrer, user)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        return Referral.objects.filter(referred=user).first()
    return referral
