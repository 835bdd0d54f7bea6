"""Opt-outs: the signed one-click unsubscribe link, and recording, checking and lifting an opt-out.
``loket.mail.services`` re-exports these names; stored as a keyed hash of the address only."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Category, MailOptOut, address_hash, normalise_email

UNSUBSCRIBE_SALT = "loket.mail.unsubscribe"


class InvalidUnsubscribeToken(ValueError):
    """The unsubscribe link was tampered with or is not one of ours."""


def unsubscribe_token(email, category=Category.BULK):
    return signing.dumps(
        {"e": normalise_email(email), "c": str(category)}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token):
    """Return ``(email, category)`` from a token, or raise ``InvalidUnsubscribeToken``."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        email, category = data["e"], data["c"]
    except (signing.BadSignature, TypeError, KeyError) as error:
        raise InvalidUnsubscribeToken(str(error)) from error
    if category not in Category.values or not email:
        raise InvalidUnsubscribeToken("unknown category")
    return email, category


def unsubscribe_url(email, category=Category.BULK):
    path = reverse("mail:unsubscribe", args=[unsubscribe_token(email, category)])
    return settings.SITE_URL.rstrip("/") + path


# Stands in for the token while the link is reversed once; a token never holds a "!".
_MARK = "!mark!"


def unsubscribe_urls(category=Category.BULK):
    """A function ``email -> unsubscribe_url(email, category)`` for a batch of mails.

    The link is reversed once and the signer made once; per address only the token is signed
    (a token is URL-safe base64 and ``:``, which ``reverse`` leaves as it is).
    """
    prefix, suffix = (
        settings.SITE_URL.rstrip("/") + reverse("mail:unsubscribe", args=[_MARK])
    ).split(_MARK)
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    kind = str(category)

    def url(email):
        token = signer.sign_object({"e": normalise_email(email), "c": kind}, compress=True)
        return f"{prefix}{token}{suffix}"

    return url


def opt_out(email, category):
    """Record that ``email`` wants no more mail of ``category``; doing it twice is harmless."""
    existing = MailOptOut.objects.for_address(email).filter(category=category).first()
    if existing is not None:
        return existing
    row, _created = MailOptOut.objects.get_or_create(
        address_hash=address_hash(email), category=category
    )
    return row


def unsubscribe(token):
    """Record the opt-out the token stands for; clicking twice is harmless."""
    email, category = read_unsubscribe_token(token)
    return opt_out(email, category)


def is_opted_out(email, category):
    return MailOptOut.objects.for_address(email).filter(category=category).exists()


def opt_in(email, category):
    MailOptOut.objects.for_address(email).filter(category=category).delete()
