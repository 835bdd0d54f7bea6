"""Mail services: queue a mail in the outbox, deliver it, resend what is stuck, opt-outs.

Every mail is rendered and written to ``OutgoingMail`` first; a Celery task delivers it after the
transaction commits. An SMTP or broker outage delays mail but never loses or doubles it: the
idempotency key stops a second row, the row lock stops a second send, a transient error puts the
row back in the queue with a back-off (``next_attempt_at``), and only a permanent refusal or
``MAIL_MAX_ATTEMPTS`` tries make it ``failed`` — from where staff or the same key queue it again.

Opt-outs are stored as a keyed hash of the address only, so they survive account deletion.
"""

import base64
import logging
import math
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from celery import current_app

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# The tasks module imports this one too; each uses the other only when a function runs.
from . import tasks
from .models import Category, MailOptOut, OutgoingMail, address_hash, normalise_email
from .rendering import render_mail

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "loket.mail.unsubscribe"
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
STUCK_SENDING_AFTER = timedelta(minutes=15)
# What an erased address becomes in the outbox (``forget_address``).
FORGOTTEN_ADDRESS = "verwijderd"


class InvalidUnsubscribeToken(ValueError):
    """The unsubscribe link was tampered with or is not one of ours."""


# Opt-outs and the unsubscribe link


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


# Queueing


def queue_mail(
    *,
    to,
    template,
    context=None,
    idempotency_key,
    category=Category.TRANSACTIONAL,
    reply_to=None,
    headers=None,
    attachments=None,
):
    """Render ``template`` for ``to``, store it in the outbox and enqueue its delivery.

    ``attachments`` is a list of ``(filename, content, mimetype)``; content is text or bytes and
    is stored with the row, so a retry days later sends the same file.

    The same ``idempotency_key`` again returns the stored row and enqueues nothing, so a double
    click or a task that runs twice never sends a mail twice; only a row that ``failed`` is queued
    again (as stored, with fresh attempts). Bulk mail to an address that opted out is not stored
    at all: the result is then ``None``.
    """
    existing = OutgoingMail.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.status == OutgoingMail.Status.FAILED and _requeue([existing.pk]):
            existing.refresh_from_db()
        return existing
    if category not in Category.values:
        raise ValueError(f"Unknown mail category {category!r}.")

    context = {"recipient": to, **(context or {})}
    headers = dict(headers or {})
    if category == Category.BULK:
        if is_opted_out(to, category):
            return None
        url = unsubscribe_url(to, category)
        context["unsubscribe_url"] = url
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    rendered = render_mail(template, context)
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                to=to,
                from_email=settings.DEFAULT_FROM_EMAIL,
                reply_to=reply_to or "",
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                headers=headers,
                attachments=_encode_attachments(attachments),
                template=template,
                category=category,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # Another request stored the same key between our check and our insert.
        return OutgoingMail.objects.get(idempotency_key=idempotency_key)

    tasks.deliver_mail.delay_on_commit(mail.pk)
    return mail


# Delivery


def retry_delay(attempts):
    """Back-off after ``attempts`` failed tries: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _message(mail):
    headers = dict(mail.headers)
    # A stable Message-ID lets a receiving server or client recognise a resend as the same mail.
    domain = parseaddr(mail.from_email)[1].rpartition("@")[2] or "localhost"
    headers.setdefault("Message-ID", f"<outbox.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>")
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=mail.from_email,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=headers,
        connection=get_connection(),
    )
    message.attach_alternative(mail.html, "text/html")
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def _encode_attachments(attachments):
    encoded = []
    for filename, content, mimetype in attachments or ():
        data = content.encode() if isinstance(content, str) else bytes(content)
        encoded.append(
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(data).decode("ascii"),
            }
        )
    return encoded


def is_permanent(error):
    """Whether the SMTP server refused this message for good (a 5xx about it or its addresses).

    Connection trouble, timeouts and 4xx replies (greylisting, a full mailbox) are transient and
    retried with back-off. A refused login or greeting is about our server, not this message,
    so it is transient too: once the configuration is fixed the queue drains by itself.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [reply[0] for reply in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(
        error, (smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError, smtplib.SMTPConnectError)
    ):
        return False
    if isinstance(error, smtplib.SMTPResponseException):  # SMTPSenderRefused, SMTPDataError, …
        return error.smtp_code >= 500
    return False


def deliver(mail_id):
    """Send one outbox row, if it is due. Returns the row, or ``None`` when it no longer exists.

    A send error is recorded on the row and not raised: a transient one puts the row back in the
    queue with ``next_attempt_at`` pushed back (the caller may retry then), a permanent one or the
    last of ``MAIL_MAX_ATTEMPTS`` tries makes it ``failed``. A mailing to an address that opted
    out meanwhile is ``skipped``, not sent.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            logger.warning("Outgoing mail %s does not exist; nothing to deliver.", mail_id)
            return None
        # Safe to run twice: a second delivery of the same row waits on the lock above until the
        # first commits, then finds it sent (or given up) and leaves it alone.
        if mail.status not in (OutgoingMail.Status.QUEUED, OutgoingMail.Status.SENDING):
            return mail
        # Safe to run early, it just waits: a retry or a duplicate task that fires before the
        # back-off is over leaves the row for the attempt that is due at next_attempt_at.
        if mail.next_attempt_at > timezone.now():
            return mail
        # The opt-out was checked when the mailing was queued; the click may have come since.
        if mail.category == Category.BULK and is_opted_out(mail.to, Category.BULK):
            mail.status = OutgoingMail.Status.SKIPPED
            mail.save(update_fields=["status", "updated_at"])
            return mail
        mail.status = OutgoingMail.Status.SENDING
        mail.attempts += 1
        mail.save(update_fields=["status", "attempts", "updated_at"])
        try:
            # The row stays locked while SMTP talks (EMAIL_TIMEOUT bounds how long).
            _message(mail).send()
        except Exception as exc:  # noqa: BLE001 - every send error is recorded on the row
            _record_failure(mail, exc)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.save(update_fields=["status", "sent_at", "updated_at"])
    return mail


def _record_failure(mail, error):
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    permanent = is_permanent(error)
    if permanent or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        mail.status = OutgoingMail.Status.FAILED
        logger.error(
            "Gave up on outgoing mail %s after %s attempt(s)%s: %s",
            mail.pk,
            mail.attempts,
            " (permanent refusal)" if permanent else "",
            mail.last_error,
        )
    else:
        mail.status = OutgoingMail.Status.QUEUED
        mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
        logger.warning(
            "Outgoing mail %s failed (attempt %s), next try at %s: %s",
            mail.pk,
            mail.attempts,
            mail.next_attempt_at.isoformat(),
            mail.last_error,
        )
    mail.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])


def seconds_until(moment):
    """Whole seconds from now until ``moment``, at least 1: a countdown never undershoots it."""
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def runs_without_broker():
    """Celery runs tasks eagerly, in-process: nothing can wait in a queue for later."""
    return bool(current_app.conf.task_always_eager)


def resend_stuck(older_than=None):
    """Enqueue delivery again for rows whose task got lost. Returns how many were enqueued.

    That is: queued rows more than ``older_than`` past their ``next_attempt_at`` and rows
    ``sending`` for over 15 minutes. With a broker the grace defaults to 10 minutes, room for the
    task's own retry; without one (eager Celery) nothing retries by itself, so this is what
    retries, as soon as a row is due. ``deliver`` never commits ``sending`` (it holds the row
    lock instead, and a killed worker's transaction rolls back to ``queued``), so that second
    case only catches rows something else left there. Safe to run twice: delivery waits for the
    row lock and skips rows that are sent meanwhile or not yet due.
    """
    if older_than is None:
        older_than = timedelta(0) if runs_without_broker() else timedelta(minutes=10)
    now = timezone.now()
    due = Q(status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now - older_than)
    stuck = Q(status=OutgoingMail.Status.SENDING, updated_at__lt=now - STUCK_SENDING_AFTER)
    ids = list(OutgoingMail.objects.filter(due | stuck).order_by("pk").values_list("pk", flat=True))
    for mail_id in ids:
        tasks.deliver_mail.delay_on_commit(mail_id)
    if ids:
        logger.info("Enqueued %s stuck outgoing mails again.", len(ids))
    return len(ids)


# Failed mail: staff, or the caller with the same idempotency key, send it again.


def _requeue(mail_ids):
    """Put the ``failed`` rows among ``mail_ids`` back in the queue; returns their ids."""
    now = timezone.now()
    with transaction.atomic():
        # Locked and filtered on status, so two clicks (or a click and a caller) queue once.
        ids = list(
            OutgoingMail.objects.select_for_update()
            .filter(pk__in=list(mail_ids), status=OutgoingMail.Status.FAILED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OutgoingMail.objects.filter(pk__in=ids).update(
            status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=now, updated_at=now
        )
        for mail_id in ids:
            tasks.deliver_mail.delay_on_commit(mail_id)
    return ids


def retry_failed(mail_ids):
    """Queue the ``failed`` mails among ``mail_ids`` again with fresh attempts; returns how many.

    Other rows are left alone: sent mail is never sent twice this way.
    """
    ids = _requeue(mail_ids)
    if ids:
        logger.info("Queued %s failed outgoing mails again.", len(ids))
    return len(ids)


# Privacy (AVG)


def forget_address(email):
    """Erase what the outbox holds about ``email``; its opt-outs stay. Returns the rows touched.

    Rows are anonymised rather than deleted, so their idempotency keys still stop a second send:
    address, subject, bodies, headers (the unsubscribe link names the address) and the last
    error (an SMTP refusal quotes it) are blanked, and mail not yet sent is ``skipped``. The
    opt-outs are only hashes and keep an erased member who signs up again from mailings they
    refused. Safe to run twice.
    """
    address = normalise_email(email)
    if not address:
        return 0
    return forget_mails(OutgoingMail.objects.filter(to__iexact=address))


def forget_mails(rows):
    """Blank the outbox ``rows`` as ``forget_address`` does, and skip those not yet sent."""
    now = timezone.now()
    with transaction.atomic():
        rows.exclude(status=OutgoingMail.Status.SENT).update(
            status=OutgoingMail.Status.SKIPPED, updated_at=now
        )
        return rows.update(
            to=FORGOTTEN_ADDRESS,
            reply_to="",
            subject="",
            html="",
            text="",
            headers={},
            attachments=[],
            last_error="",
            updated_at=now,
        )
