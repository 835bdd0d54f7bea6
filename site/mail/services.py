"""Mail services: queue a mail in the outbox, deliver it, resend what is stuck, forget an address.

Every mail is rendered and written to ``OutgoingMail`` first; a Celery task delivers it after the
transaction commits. What is guaranteed:

- Never lost. A broker or SMTP outage delays mail: a publish that fails after the commit is
  logged and the row waits for ``resend_stuck``; a transient SMTP error puts the row back in the
  queue with a back-off (``next_attempt_at``); only a permanent refusal or ``MAIL_MAX_ATTEMPTS``
  tries make it ``failed``, from where staff or the same key queue it again.
- At least once, not exactly once. The idempotency key stops a second row and the row lock a
  second concurrent attempt. A row is marked ``sending``, with its Message-ID, and committed
  before SMTP is spoken to; if the worker dies after the SMTP server accepted the mail but before
  ``sent`` is committed, nobody can know whether it arrived. After ``STUCK_SENDING_AFTER`` such a
  row counts as possibly sent: transactional mail is sent again (a duplicate is better than a
  missing confirmation, and the same Message-ID lets a mail client drop it), bulk mail is
  ``skipped`` with a note for staff (a missing mailing is better than a second one).

Opt-outs live in ``optouts`` (re-exported here), stored as a keyed hash of the address only.
"""

import base64
import logging
import math
from datetime import timedelta

from celery import current_app

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

# The tasks module imports this one too; each uses the other only when a function runs.
from . import tasks
from .delivery import STUCK_SENDING_AFTER, deliver, deliver_many, is_permanent, retry_delay
from .models import Category, OutgoingMail, normalise_email
from .optouts import (
    UNSUBSCRIBE_SALT,
    InvalidUnsubscribeToken,
    is_opted_out,
    opt_in,
    opt_out,
    read_unsubscribe_token,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_url,
    unsubscribe_urls,
)
from .regional import region_context, region_sender
from .rendering import render_mail

__all__ = [
    "FORGOTTEN_ADDRESS",
    "STUCK_SENDING_AFTER",
    "UNSUBSCRIBE_SALT",
    "InvalidUnsubscribeToken",
    "deliver",
    "deliver_many",
    "drop_old_bodies",
    "forget_address",
    "forget_mails",
    "is_opted_out",
    "is_permanent",
    "opt_in",
    "opt_out",
    "existing_mails",
    "list_unsubscribe_headers",
    "queue_mail",
    "queue_many",
    "read_unsubscribe_token",
    "resend_stuck",
    "retry_delay",
    "retry_failed",
    "runs_without_broker",
    "seconds_until",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
    "unsubscribe_urls",
]

logger = logging.getLogger(__name__)

# What an erased address becomes in the outbox (``forget_address``).
FORGOTTEN_ADDRESS = "verwijderd"


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
    site=None,
):
    """Render ``template`` for ``to``, store it in the outbox and enqueue its delivery.

    ``site`` is the region the mail is sent for: its sender, footer address and hostname
    (``loket.mail.regional``); without it, the platform's defaults.

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

    context = {"recipient": to, **region_context(site), **(context or {})}
    headers = dict(headers or {})
    if category == Category.BULK:
        if is_opted_out(to, category):
            return None
        url = unsubscribe_url(to, category)
        context["unsubscribe_url"] = url
        headers.update(list_unsubscribe_headers(url))

    rendered = render_mail(template, context)
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                to=to,
                from_email=region_sender(site),
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


def list_unsubscribe_headers(url):
    """The one-click unsubscribe headers (RFC 8058) of a bulk mail."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def existing_mails(idempotency_keys):
    """``{key: row id}`` of the outbox rows that already hold one of ``idempotency_keys``."""
    return dict(
        OutgoingMail.objects.filter(idempotency_key__in=list(idempotency_keys)).values_list(
            "idempotency_key", "pk"
        )
    )


# Rows per INSERT statement: well below SQLite's limit of bound parameters, and PostgreSQL's
# (65,535) with a dozen columns.
INSERT_CHUNK = 200
INSERT_CHUNK_POSTGRESQL = 1000


def queue_many(mails):
    """Store many rendered, unsaved ``OutgoingMail`` rows in one go; returns ``{key: row id}``.

    For a mailing's batch: ``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING`` in
    a few statements and one delivery task for the new rows (over one SMTP connection),
    published after the commit. A key already in the outbox (a batch run again, a second worker)
    keeps its row and is not enqueued again. The caller checks opt-outs.
    """
    mails = list(mails)
    if not mails:
        return {}
    stored = _insert_new(mails)
    if stored:
        tasks.deliver_mails.delay_on_commit(sorted(stored.values()))
    missing = [mail.idempotency_key for mail in mails if mail.idempotency_key not in stored]
    return {**existing_mails(missing), **stored} if missing else stored


def _insert_new(mails):
    """Insert the rows whose key is new; returns ``{key: id}`` of those inserted.

    Plain multi-row ``VALUES`` rather than ``bulk_create``: on PostgreSQL that sends the rows as
    arrays, which the driver quotes element by element in Python (about 2 ms a mail of 20 KB),
    and it cannot say which rows a conflict skipped. On PostgreSQL the values also travel apart
    from the statement (``$1, $2, …``, server-side binding): Django's psycopg cursor would quote
    each 20 KB body into the SQL text in Python and parse the long statement for placeholders,
    four times the cost of the rest of the insert.
    """
    meta = OutgoingMail._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    numbered = connection.vendor == "postgresql"
    stored = {}
    size = INSERT_CHUNK_POSTGRESQL if numbered else INSERT_CHUNK
    with _insert_cursor(numbered) as cursor:
        for start in range(0, len(mails), size):
            chunk = mails[start : start + size]
            params = [
                field.get_db_prep_save(field.pre_save(mail, True), connection)
                for mail in chunk
                for field in fields
            ]
            cursor.execute(
                # Names come from the model, every value is a bound parameter.
                f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {_values(len(chunk), len(fields), numbered)} "
                f"ON CONFLICT ({quote('idempotency_key')}) DO NOTHING "
                f"RETURNING {quote(meta.pk.column)}, {quote('idempotency_key')}",
                params,
            )
            stored.update((key, pk) for pk, key in cursor.fetchall())
    return stored


def _values(rows, columns, numbered):
    """``(%s, %s), (%s, %s)`` or, numbered, ``($1, $2), ($3, $4)``."""
    if not numbered:
        row = "(" + ", ".join(["%s"] * columns) + ")"
        return ", ".join([row] * rows)
    return ", ".join(
        "(" + ", ".join(f"${i * columns + j}" for j in range(1, columns + 1)) + ")"
        for i in range(rows)
    )


def _insert_cursor(numbered):
    """Django's cursor, or on PostgreSQL psycopg's ``RawCursor`` (``$n`` placeholders, values
    bound by the server) wrapped by Django as its own are: errors become Django's, and the
    statement is counted and logged like any other."""
    if not numbered:
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    raw = psycopg.RawCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


# Delivery


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


def seconds_until(moment):
    """Whole seconds from now until ``moment``, at least 1: a countdown never undershoots it."""
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def runs_without_broker():
    """Celery runs tasks eagerly, in-process: nothing can wait in a queue for later."""
    return bool(current_app.conf.task_always_eager)


def resend_stuck(older_than=None):
    """Enqueue delivery again for rows whose task got lost. Returns how many were enqueued.

    That is: queued rows more than ``older_than`` past their ``next_attempt_at`` (a publish that
    failed, a task lost) and rows ``sending`` for over ``STUCK_SENDING_AFTER`` (a worker that died
    mid-send: ``deliver`` resends them if transactional and skips them if bulk). With a broker the
    grace defaults to 10 minutes, room for the task's own retry; without one (eager Celery)
    nothing retries by itself, so this is what retries, as soon as a row is due. Safe to run
    twice: delivery waits for the row lock and skips rows that are sent meanwhile or not yet due.
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


# Retention: the outbox keeps what an operator needs, not every mailing's body forever.

# Rows blanked per UPDATE: short transactions, no long lock on the outbox.
RETENTION_BATCH = 1000


def drop_old_bodies(now=None, batch_size=RETENTION_BATCH):
    """Blank the bodies of bulk mail done with more than ``MAIL_BODY_RETENTION_DAYS`` ago.

    Done means ``sent`` (by ``sent_at``) or ``skipped`` (by ``updated_at``): neither is ever
    sent again. HTML, plain text, headers (the unsubscribe link) and attachments go; recipient,
    subject, status, timestamps, Message-ID, note and idempotency key stay, so the key still
    stops a second send and staff can still see who got what when. Transactional mail keeps its
    body: a stuck one is sent again from it, and there is little of it. Works in batches of
    ``batch_size`` rows, each its own transaction; safe to run twice (a blanked row no longer
    matches). Returns how many rows were blanked.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MAIL_BODY_RETENTION_DAYS)
    Status = OutgoingMail.Status
    old = (
        OutgoingMail.objects.filter(category=Category.BULK)
        .filter(
            Q(status=Status.SENT, sent_at__lt=cutoff)
            | Q(status=Status.SKIPPED, updated_at__lt=cutoff)
        )
        .exclude(html="", text="")
    )
    total = 0
    while True:
        with transaction.atomic():
            ids = list(old.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            # updated_at is left alone: it still says when the mail was done with.
            total += OutgoingMail.objects.filter(pk__in=ids).update(
                html="", text="", headers={}, attachments=[]
            )
    if total:
        logger.info("Dropped the bodies of %s old bulk mails.", total)
    return total


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
