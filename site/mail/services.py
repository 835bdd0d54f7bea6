"""Mail services: queue a mail in the outbox, deliver it, resend what is stuck, opt-outs.

Every mail is rendered and written to ``OutgoingMail`` first; a Celery task delivers it after the
transaction commits. An SMTP or broker outage delays mail but never loses or doubles it: the
idempotency key stops a second row, the row lock stops a second send.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Category, MailOptOut, OutgoingMail, normalise_email
from .rendering import render_mail

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "loket.mail.unsubscribe"
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
STUCK_SENDING_AFTER = timedelta(minutes=15)


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


def unsubscribe(token):
    """Record the opt-out the token stands for; clicking twice is harmless."""
    email, category = read_unsubscribe_token(token)
    opt_out, _created = MailOptOut.objects.get_or_create(email=email, category=category)
    return opt_out


def is_opted_out(email, category):
    return MailOptOut.objects.filter(email=normalise_email(email), category=category).exists()


def opt_in(email, category):
    MailOptOut.objects.filter(email=normalise_email(email), category=category).delete()


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
):
    """Render ``template`` for ``to``, store it in the outbox and enqueue its delivery.

    The same ``idempotency_key`` again returns the stored row and enqueues nothing, so a double
    click or a task that runs twice never sends a mail twice. Bulk mail to an address that opted
    out is not stored at all: the result is then ``None``.
    """
    existing = OutgoingMail.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
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
                template=template,
                category=category,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # Another request stored the same key between our check and our insert.
        return OutgoingMail.objects.get(idempotency_key=idempotency_key)

    from .tasks import deliver_mail  # the task module imports this one

    deliver_mail.delay_on_commit(mail.pk)
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
    return message


def deliver(mail_id):
    """Send one outbox row. Returns the row, or ``None`` when it no longer exists.

    On failure the row records the error and goes back to the queue (or to ``failed`` after
    ``MAIL_MAX_ATTEMPTS`` tries) and the exception is raised again so the task retries.
    """
    error = None
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            logger.warning("Outgoing mail %s does not exist; nothing to deliver.", mail_id)
            return None
        # Safe to run twice: a second delivery of the same row waits on the lock above until the
        # first commits, then finds it sent (or given up) and leaves it alone.
        if mail.status in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED):
            return mail
        mail.status = OutgoingMail.Status.SENDING
        mail.attempts += 1
        mail.save(update_fields=["status", "attempts", "updated_at"])
        try:
            # The row stays locked while SMTP talks (EMAIL_TIMEOUT bounds how long).
            _message(mail).send()
        except Exception as exc:
            error = exc
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
            else:
                mail.status = OutgoingMail.Status.QUEUED
                mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
            mail.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.save(update_fields=["status", "sent_at", "updated_at"])
    # Raised outside the transaction, so the recorded error and attempt count are committed.
    if error is not None:
        if mail.status == OutgoingMail.Status.FAILED:
            # Retrying is pointless now; the row says why and the admin shows it.
            logger.error(
                "Gave up on outgoing mail %s after %s attempts: %s",
                mail.pk,
                mail.attempts,
                mail.last_error,
            )
            return mail
        raise error
    return mail


def resend_stuck(older_than=timedelta(minutes=10)):
    """Enqueue delivery again for rows whose task got lost. Returns how many were enqueued.

    That is: queued rows more than ``older_than`` past their ``next_attempt_at`` (the grace
    leaves room for the task's own retry), and rows ``sending`` for over 15 minutes. ``deliver``
    never commits ``sending`` (it holds the row lock instead, and a killed worker's transaction
    rolls back to ``queued``), so that second case only catches rows something else left there.
    Safe to run twice: delivery waits for the row lock and skips rows that are sent meanwhile.
    """
    from .tasks import deliver_mail

    now = timezone.now()
    due = Q(status=OutgoingMail.Status.QUEUED, next_attempt_at__lt=now - older_than)
    stuck = Q(status=OutgoingMail.Status.SENDING, updated_at__lt=now - STUCK_SENDING_AFTER)
    ids = list(OutgoingMail.objects.filter(due | stuck).order_by("pk").values_list("pk", flat=True))
    for mail_id in ids:
        deliver_mail.delay_on_commit(mail_id)
    if ids:
        logger.info("Enqueued %s stuck outgoing mails again.", len(ids))
    return len(ids)
