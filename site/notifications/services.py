"""Notifications: make one (``notify``), read and mark them, a member's mail preferences, and the
daily digest of the notifications a member wants mailed together.

The app that owns an event calls ``notify`` where it already reacts to it (in its services, or
a receiver of its own domain signal), passing the direct mail as a callable: ``notify`` decides,
from the member's preference for that kind, whether that mail goes now, waits for the daily
digest or does not go at all. Kinds in ``TRANSACTIONAL_KINDS`` are mailed whatever the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import groupby
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from loket.mail.models import Category
from loket.mail.services import queue_mail

from .models import TRANSACTIONAL_KINDS, Delivery, Kind, MailPreference, Notification

__all__ = [
    "Delivery",
    "Kind",
    "TRANSACTIONAL_KINDS",
    "choosable_kinds",
    "delivery_for",
    "mark_all_read",
    "mark_read",
    "notifications_for",
    "notify",
    "preferences_for",
    "send_digests",
    "set_preferences",
    "standard_mail",
    "unread_count",
]

DIGEST_MAX_ITEMS = 20

# A Kind or Delivery value (a str at run time); without Django's stubs mypy sees a tuple.
Choice: TypeAlias = Any


def _reachable(member: Any) -> bool:
    return (
        member is not None
        and getattr(member, "pk", None) is not None
        and member.is_active
        and not member.is_deleted
    )


# Preferences ----------------------------------------------------------------------------------


def choosable_kinds() -> list[Choice]:
    """The kinds whose mail a member can choose: all but the transactional ones."""
    kinds: list[Choice] = list(Kind)  # type: ignore[call-overload]
    return [kind for kind in kinds if kind not in TRANSACTIONAL_KINDS]


def preferences_for(member: Any) -> dict[str, Choice]:
    """``{kind: delivery}`` for every choosable kind; without a stored choice: direct."""
    stored = dict(MailPreference.objects.filter(member=member).values_list("kind", "delivery"))
    direct: Choice = Delivery.DIRECT
    return {kind.value: stored.get(kind.value, direct.value) for kind in choosable_kinds()}


def delivery_for(member: Any, kind: Choice) -> Choice:
    """How mail about ``kind`` reaches ``member``; transactional kinds always directly."""
    if kind in TRANSACTIONAL_KINDS:
        return Delivery.DIRECT
    stored = (
        MailPreference.objects.filter(member=member, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return stored or Delivery.DIRECT


def set_preferences(member: Any, choices: dict[str, str]) -> None:
    """Store the member's choice per kind; unknown kinds or deliveries raise ``ValueError``.

    Safe twice: one row per member and kind, updated in place.
    """
    allowed = {kind.value for kind in choosable_kinds()}
    for kind, delivery in choices.items():
        if kind not in allowed or delivery not in Delivery.values:
            raise ValueError(f"Unknown kind or delivery: {kind!r} {delivery!r}")
    with transaction.atomic():
        for kind, delivery in choices.items():
            MailPreference.objects.update_or_create(
                member=member, kind=kind, defaults={"delivery": delivery}
            )


# Making a notification ------------------------------------------------------------------------


def notify(
    member: Any,
    kind: Choice,
    target: Model | None = None,
    *,
    key: str,
    title: str,
    url: str,
    text: str = "",
    mail: Callable[[], Any] | None = None,
    created_at: datetime | None = None,
) -> Notification | None:
    """Notify ``member`` of ``kind`` about ``target`` and send (or hold back) its mail.

    ``key`` names what happened (a reply's id, a ledger row's id); with the kind it is unique per
    member, so calling this twice (a retried task, a second publish) makes one notification.
    ``mail`` sends the direct mail and must itself be idempotent (``queue_mail`` with its own
    key): it is called on every call while the notification says "direct", so a first attempt
    that died between the row and the mail still mails on the retry. What it returned is on the
    result as ``.mail`` (None when no mail went). Returns None for a member who cannot be
    notified (gone, inactive). ``created_at`` backdates it (demo data, a backfill).
    """
    kind = Kind(kind)
    if not _reachable(member):
        return None
    full_key = f"{kind.value}:{key}"
    notification = Notification.objects.filter(recipient=member, key=full_key).first()
    if notification is None:
        fields = {
            "kind": kind,
            "title": Truncator(str(title)).chars(255),
            "text": Truncator(" ".join(str(text).split())).chars(300),
            "url": str(url)[:500],
            "delivery": delivery_for(member, kind),
            "created_at": created_at or timezone.now(),
        }
        if target is not None:
            fields["target_type"] = ContentType.objects.get_for_model(target)
            fields["target_id"] = str(target.pk)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(recipient=member, key=full_key, **fields)
        except IntegrityError:
            # The same notification was made by a concurrent call between our look and insert.
            notification = Notification.objects.get(recipient=member, key=full_key)
    notification.mail = None
    if mail is not None and notification.delivery == Delivery.DIRECT:
        notification.mail = mail()
    return notification


def standard_mail(
    member: Any,
    *,
    key: str,
    subject: str,
    paragraphs: Iterable[str],
    button_label: str,
    url: str,
    heading: str = "",
) -> Callable[[], Any]:
    """The ``mail`` for ``notify`` of a kind that has no mail template of its own: the site's
    generic personal mail, queued as bulk (one click unsubscribes) under ``key``."""

    def send():
        return queue_mail(
            to=member.email,
            template="notification",
            context={
                "subject": str(subject),
                "heading": str(heading or subject),
                "first_name": member.first_name,
                "paragraphs": [str(p) for p in paragraphs if p],
                "button_label": str(button_label),
                "button_url": url,
            },
            idempotency_key=key,
            category=Category.BULK,
        )

    return send


# Reading --------------------------------------------------------------------------------------


def notifications_for(member: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=member).order_by("-created_at", "-pk")


def unread_count(member: Any) -> int:
    return Notification.objects.filter(recipient=member, read_at=None).count()


def mark_read(member: Any, notification_id: int) -> Notification | None:
    """Mark the member's own notification read (again harmless); None if it is not theirs."""
    notification = Notification.objects.filter(recipient=member, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(member: Any) -> int:
    """Mark every unread notification of ``member`` read; returns how many were unread."""
    return Notification.objects.filter(recipient=member, read_at=None).update(
        read_at=timezone.now()
    )


# The daily digest -----------------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """Queue one mail per member with the notifications they want in the daily digest.

    Safe to run twice: the mail's key names the member and the newest notification in it, and
    the notifications are marked in the same transaction, so a second run finds nothing new
    (or only what arrived since, in a mail of its own). Returns the number of mails queued.
    """
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(delivery=Delivery.DIGEST, digested_at=None, created_at__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "pk")
    )
    queued = 0
    for _member_id, rows in groupby(pending.iterator(), key=lambda n: n.recipient_id):
        queued += _send_digest(list(rows), now) is not None
    return queued


def _send_digest(rows: Iterable[Notification], now: datetime) -> Any:
    rows = list(rows)
    member = rows[0].recipient
    with transaction.atomic():
        mail = None
        if _reachable(member) and member.email:
            mail = queue_mail(
                to=member.email,
                template="notifications_digest",
                context={
                    "first_name": member.first_name,
                    "items": [
                        {"title": n.title, "text": n.text, "url": n.url}
                        for n in rows[:DIGEST_MAX_ITEMS]
                    ],
                    "more": max(0, len(rows) - DIGEST_MAX_ITEMS),
                    "total": len(rows),
                    "preferences_url": _absolute("notifications:preferences"),
                    "list_url": _absolute("notifications:list"),
                },
                idempotency_key=f"notifications-digest:{member.pk}:{rows[-1].pk}",
                category=Category.BULK,
            )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digested_at=now)
    return mail


def _absolute(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)
