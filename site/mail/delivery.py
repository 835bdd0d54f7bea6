"""Delivering one outbox row: mark it sending, talk SMTP, record the outcome or the back-off.
``loket.mail.services`` re-exports ``deliver``; its docstring says what is guaranteed."""

from __future__ import annotations

import base64
import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import Category, OutgoingMail
from .optouts import is_opted_out

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
# A row ``sending`` this long lost its worker mid-send (EMAIL_TIMEOUT bounds a live one far below).
STUCK_SENDING_AFTER = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """Back-off after ``attempts`` failed tries: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def message_id(mail: OutgoingMail) -> str:
    """The row's Message-ID: the same for every attempt, so a client can recognise a resend."""
    if mail.headers.get("Message-ID"):
        return mail.headers["Message-ID"]
    domain = parseaddr(mail.from_email)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"


def _message(mail, connection):
    headers = {**mail.headers, "Message-ID": mail.message_id or message_id(mail)}
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=mail.from_email,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(mail.html, "text/html")
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def is_permanent(error: BaseException) -> bool:
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


def deliver(mail_id: int) -> OutgoingMail | None:
    """Send one outbox row, if it is due. Returns the row, or ``None`` when it no longer exists.

    Under the row lock the row is marked ``sending`` (one more attempt, its Message-ID) and
    committed; then SMTP is spoken to without a lock; then the outcome is written. A send error is
    recorded on the row and not raised: a transient one puts the row back in the queue with
    ``next_attempt_at`` pushed back (the caller may retry then), a permanent one or the last of
    ``MAIL_MAX_ATTEMPTS`` tries makes it ``failed``. A mailing to an address that opted out
    meanwhile is ``skipped``. A row found ``sending`` is another attempt's, left alone, until it
    is older than ``STUCK_SENDING_AFTER``: then it is recovered as the module docstring says.
    """
    return deliver_many([mail_id])[0]


def deliver_many(mail_ids: list[int]) -> list[OutgoingMail | None]:
    """``deliver`` each of ``mail_ids`` in turn over one SMTP connection; returns the rows.

    Each row is still claimed (committed ``sending`` with its Message-ID) on its own just before
    it is sent, so a worker that dies leaves at most one row in doubt. The connection is opened
    at the first row that is due and closed at the end; after a send error it is closed and the
    next row opens a fresh one, so one broken session does not fail the rows after it.
    """
    connection = None
    results = []
    try:
        for mail_id in mail_ids:
            mail, claimed = _claim(mail_id)
            results.append(mail)
            if not claimed:
                continue
            try:
                if connection is None:
                    connection = get_connection()
                    # EMAIL_TIMEOUT bounds how long this waits on a server that stops answering.
                    connection.open()
                _message(mail, connection).send()
            except Exception as exc:  # noqa: BLE001 - every send error is recorded on the row
                _record_failure(mail, exc)
                if connection is not None:
                    _close(connection)
                    connection = None
            else:
                _finish(mail, status=OutgoingMail.Status.SENT, sent_at=timezone.now())
    finally:
        if connection is not None:
            _close(connection)
    return results


def _close(connection):
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a session that will not quit is dropped all the same
        logger.warning("Closing the SMTP connection failed.", exc_info=True)


def _claim(mail_id):
    """Lock the row and, if it is due, commit it as ``sending`` with this attempt's Message-ID.

    Returns ``(row, claimed)``: ``claimed`` when this call may send it; the row is ``None`` when
    it is gone.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            logger.warning("Outgoing mail %s does not exist; nothing to deliver.", mail_id)
            return None, False
        now = timezone.now()
        if mail.status == OutgoingMail.Status.SENDING:
            # Another attempt is talking to SMTP, or died doing so long enough ago to recover.
            if mail.updated_at > now - STUCK_SENDING_AFTER or not _recover(mail):
                return mail, False
        elif mail.status != OutgoingMail.Status.QUEUED:
            # Sent, given up or skipped meanwhile: a second delivery does nothing.
            return mail, False
        elif mail.next_attempt_at > now:
            # Safe to run early, it just waits: a retry or a duplicate task that fires before
            # the back-off is over leaves the row for the attempt due at next_attempt_at.
            return mail, False
        # The opt-out was checked when the mailing was queued; the click may have come since.
        if mail.category == Category.BULK and is_opted_out(mail.to, Category.BULK):
            mail.status = OutgoingMail.Status.SKIPPED
            mail.note = gettext("De ontvanger heeft zich afgemeld voor mailings.")
            mail.save(update_fields=["status", "note", "updated_at"])
            return mail, False
        mail.status = OutgoingMail.Status.SENDING
        mail.attempts += 1
        mail.message_id = mail.message_id or message_id(mail)
        mail.save(update_fields=["status", "attempts", "message_id", "note", "updated_at"])
    return mail, True


def _recover(mail):
    """A row left ``sending`` by a worker that died: it may have arrived. Resend it or not?

    Transactional mail is sent again (returns True); bulk mail is ``skipped`` with a note.
    """
    interrupted = gettext(
        "Poging %(attempt)s werd onderbroken voordat de mailserver de ontvangst bevestigde; "
        "de mail is mogelijk al aangekomen (Message-ID %(message_id)s)."
    ) % {"attempt": mail.attempts, "message_id": mail.message_id or "onbekend"}
    if mail.category == Category.BULK:
        mail.status = OutgoingMail.Status.SKIPPED
        mail.note = f"{interrupted} {gettext('Een mailing sturen we niet nog eens.')}"[:255]
        mail.save(update_fields=["status", "note", "updated_at"])
        logger.warning("Outgoing mailing %s may have been sent; skipped: %s", mail.pk, mail.note)
        return False
    mail.note = f"{interrupted} {gettext('Opnieuw verstuurd.')}"[:255]
    logger.warning("Outgoing mail %s may have been sent; sending it again.", mail.pk)
    return True


def _finish(mail, **fields):
    """Write the attempt's outcome, unless the row changed meanwhile (erased, say)."""
    fields["updated_at"] = timezone.now()
    OutgoingMail.objects.filter(
        pk=mail.pk, status=OutgoingMail.Status.SENDING, attempts=mail.attempts
    ).update(**fields)
    for name, value in fields.items():
        setattr(mail, name, value)


def _record_failure(mail, error):
    last_error = f"{type(error).__name__}: {error}"[:2000]
    permanent = is_permanent(error)
    if permanent or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        _finish(mail, status=OutgoingMail.Status.FAILED, last_error=last_error)
        logger.error(
            "Gave up on outgoing mail %s after %s attempt(s)%s: %s",
            mail.pk,
            mail.attempts,
            " (permanent refusal)" if permanent else "",
            last_error,
        )
    else:
        _finish(
            mail,
            status=OutgoingMail.Status.QUEUED,
            last_error=last_error,
            next_attempt_at=timezone.now() + retry_delay(mail.attempts),
        )
        logger.warning(
            "Outgoing mail %s failed (attempt %s), next try at %s: %s",
            mail.pk,
            mail.attempts,
            mail.next_attempt_at.isoformat(),
            last_error,
        )
