"""Tipping someone by mail, the member's own tips, and erasing tipped addresses in time.
A tipped person gets exactly one mail, in the member's name, through the outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.mail.models import Category, address_hash, normalise_email
from loket.mail.services import is_opted_out, queue_mail
from loket.sanitize import clean_text

from ..dispatch import tip_sent
from ..models import Referral
from .base import TIP_SALT, TipError, household, programme, same_household
from .codes import referral_url

if TYPE_CHECKING:
    from datetime import datetime

    from django.db.models import QuerySet
    from django.http import HttpRequest

    from loket.accounts.models import User


def suggested_note(member: User) -> str:
    name = member.first_name or member.display_name
    return _(
        "Hoi! Ik haal veel uit het Ondernemersloket: eerlijke feedback op mijn bedrijf en "
        "gesprekken met ondernemers die hetzelfde meemaken. Ik denk dat jij er ook veel aan "
        "hebt. Kom eens naar een bijeenkomst, dan zie ik je daar! Groet, %(name)s"
    ) % {"name": name}


def tips_today(member: User) -> int:
    since = timezone.now() - timedelta(days=1)
    return Referral.objects.filter(
        referrer=member, channel=Referral.Channel.MAIL, created_at__gte=since
    ).count()


def _existing_member(email):
    User = get_user_model()
    if User.objects.filter(email__iexact=normalise_email(email)).exists():
        return True
    local_part = household(email).split("@")[0]
    candidates = User.objects.filter(email__istartswith=local_part).values_list("email", flat=True)
    return any(same_household(email, other) for other in candidates[:50])


def tip_by_mail(
    member: User,
    *,
    email: str,
    name: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Tip someone by mail; they get exactly one mail, in ``member``'s name, through the outbox.
    After the commit ``tip_sent`` is sent with ``request`` (the member's own, if any)."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise TipError(_("Dit e-mailadres klopt niet. Kijk je het even na?"), "email") from error
    if same_household(email, member.email):
        raise TipError(_("Jezelf tippen kan niet, hoe enthousiast je ook bent!"), "self")
    if _existing_member(email):
        raise TipError(_("Deze ondernemer is al lid van het Ondernemersloket. Mooi!"), "member")
    if is_opted_out(email, Category.BULK):
        raise TipError(
            _("Deze ondernemer wil geen mail van ons ontvangen. Vertel het gerust zelf!"),
            "opted_out",
        )
    rules = programme()
    if tips_today(member) >= rules.tips_per_day:
        raise TipError(
            _("Je hebt vandaag al %(n)s ondernemers getipt. Morgen kun je weer verder!")
            % {"n": rules.tips_per_day},
            "limit",
        )
    digest = address_hash(household(email))
    if Referral.objects.filter(email_hash=digest).exists():
        raise TipError(_("Deze ondernemer is al getipt. Dank je wel!"), "already")
    note = clean_text(note or "")[:1000] or str(suggested_note(member))
    name = clean_text(name or "")[:150]
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                referrer=member,
                channel=Referral.Channel.MAIL,
                email=email,
                email_hash=digest,
                name=name,
                note=note,
            )
            link = referral_url(member) + "?tip=" + signing.dumps(referral.pk, salt=TIP_SALT)
            queue_mail(
                to=email,
                template="referrals_tip",
                context={
                    "referrer_name": member.display_name,
                    "name": name,
                    "note": note,
                    "link": link,
                    "site_url": settings.SITE_URL,
                },
                idempotency_key=f"referral-tip:{referral.pk}",
                category=Category.BULK,
                reply_to=member.email,
            )
            transaction.on_commit(
                lambda: tip_sent.send(
                    sender=Referral, referral=referral, actor=member, request=request
                )
            )
    except IntegrityError as error:
        raise TipError(_("Deze ondernemer is al getipt. Dank je wel!"), "already") from error
    return referral


def tips_of(member: User) -> QuerySet[Referral]:
    return Referral.objects.filter(referrer=member).select_related("referred")


def erase_addresses(*, now: datetime | None = None) -> int:
    """Erase tipped addresses that can no longer qualify; the hash stays. Safe to run twice."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRAL_ADDRESS_DAYS)
    return (
        Referral.objects.filter(created_at__lt=cutoff, referred__isnull=True)
        .exclude(email="")
        .update(email="", name="", note="", address_erased_at=now)
    )
