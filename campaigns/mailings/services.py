"""Mailing services: count the audience, send a test, schedule, and send in resumable batches.

Sending starts by freezing the rendered body on the mailing and writing one recipient row per
member (unique per mailing and member). Batches then lock the next waiting rows (skipping rows
another worker holds), check consent and opt-outs right then, store the batch's mails in
loket.mail's outbox in one insert with the key ``mailing:<id>:<user id>`` and mark the rows, all
in one transaction. A batch
that crashes rolls back whole; the outbox key stops a second mail if anything was committed
twice, so a restarted send reaches everyone exactly once.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.services import absolute_url
from loket.mail.models import Category, MailOptOut, OutgoingMail, address_hashes
from loket.mail.regional import region_sender
from loket.mail.rendering import render_mail
from loket.mail.services import (
    existing_mails,
    list_unsubscribe_headers,
    queue_mail,
    queue_many,
    unsubscribe_url,
    unsubscribe_urls,
)

from ..services import codes_for, referral_url

# The tasks module imports this one too; each uses the other only when a function runs.
from . import rendering, segments, tasks
from .models import Mailing, MailingRecipient, MailingStatus

logger = logging.getLogger(__name__)

Skip = MailingRecipient.SkipReason


class MailingError(Exception):
    """A step that cannot be taken: the message is Dutch and meant for staff."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def idempotency_key(mailing_id, user_id):
    return f"mailing:{mailing_id}:{user_id}"


def recipient_count(mailing):
    """How many members the mailing would go to now (one query)."""
    return segments.count_for(mailing)


def _locked(mailing):
    return Mailing.objects.select_for_update().get(pk=mailing.pk)


def _require_content(mailing):
    if not len(mailing.body):
        raise MailingError(
            _("Deze mailing heeft nog geen inhoud. Voeg eerst blokken toe."), "empty"
        )


# Test


def send_test(mailing, user):
    """Send the mailing to ``user`` (a staff member) only, marked [TEST]; it counts nowhere."""
    _require_content(mailing)
    if not user.email:
        raise MailingError(_("Je account heeft geen e-mailadres."), "no_address")
    body_html, body_text = rendering.compile_body(mailing)
    context = rendering.recipient_context(
        mailing, user, body_html, body_text, referral_link=referral_url(user), test=True
    )
    # Shown as it will be, although a test is not a mailing to opt out of.
    context["unsubscribe_url"] = unsubscribe_url(user.email)
    return queue_mail(
        to=user.email,
        template=rendering.MAIL_TEMPLATE,
        context=context,
        site=mailing.site,
        idempotency_key=f"mailing-test:{mailing.pk}:{user.pk}:{uuid.uuid4().hex}",
        category=Category.TRANSACTIONAL,
    )


def preview_html(mailing, user):
    """The HTML the staff member ``user`` would get, for the preview in the admin."""
    body_html, body_text = rendering.compile_body(mailing)
    context = rendering.recipient_context(
        mailing, user, body_html, body_text, referral_link=referral_url(user), test=True
    )
    return render_mail(rendering.MAIL_TEMPLATE, context).html


# Scheduling


def schedule(mailing, when=None):
    """Plan the mailing for ``when`` (now when empty). Refused for an empty audience."""
    now = timezone.now()
    when = when or now
    with transaction.atomic():
        mailing = _locked(mailing)
        if mailing.status not in Mailing.EDITABLE:
            raise MailingError(
                _("Deze mailing is al verstuurd, wordt verstuurd of is geannuleerd."), "state"
            )
        _require_content(mailing)
        if when < now - timedelta(minutes=1):
            raise MailingError(_("Dat moment is al voorbij. Kies een tijd in de toekomst."))
        if recipient_count(mailing) == 0:
            raise MailingError(
                _(
                    "Niemand in deze doelgroep: er zijn geen leden die aan alle voorwaarden "
                    "voldoen en toestemming gaven voor mailings. Pas de doelgroep aan."
                ),
                "empty_segment",
            )
        mailing.status = MailingStatus.SCHEDULED
        mailing.scheduled_at = when
        mailing.note = ""
        mailing.save(update_fields=["status", "scheduled_at", "note", "updated_at"])
        if when <= now:
            tasks.start_mailing.delay_on_commit(mailing.pk)
    return mailing


def unschedule(mailing):
    """Back to concept; only before sending starts."""
    with transaction.atomic():
        mailing = _locked(mailing)
        if mailing.status != MailingStatus.SCHEDULED:
            raise MailingError(_("Alleen een ingeplande mailing kun je terugzetten."), "state")
        mailing.status = MailingStatus.CONCEPT
        mailing.scheduled_at = None
        mailing.save(update_fields=["status", "scheduled_at", "updated_at"])
    return mailing


def cancel(mailing):
    """Stop the mailing: not sent, or no further batches. Mail already queued stays queued."""
    with transaction.atomic():
        mailing = _locked(mailing)
        if mailing.status in (MailingStatus.SENT, MailingStatus.CANCELLED):
            raise MailingError(_("Deze mailing is al verstuurd of geannuleerd."), "state")
        mailing.status = MailingStatus.CANCELLED
        mailing.save(update_fields=["status", "updated_at"])
    return mailing


# Sending


def start_sending(mailing_id, now=None):
    """Freeze the body and write the recipient rows; the caller enqueues the first batch.

    Safe to run twice: only a mailing that is ``ingepland`` and due starts, under a row lock;
    the second run finds it ``bezig``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None or mailing.status != MailingStatus.SCHEDULED:
            return mailing
        if mailing.scheduled_at and mailing.scheduled_at > now:
            return mailing
        user_ids = list(segments.members_for(mailing).values_list("pk", flat=True))
        if not user_ids:
            mailing.status = MailingStatus.CONCEPT
            mailing.note = _("Niet verstuurd: de doelgroep was leeg op het geplande moment.")
            mailing.save(update_fields=["status", "note", "updated_at"])
            logger.warning("Mailing %s not sent: its audience was empty.", mailing.pk)
            return mailing
        mailing.rendered_html, mailing.rendered_text = rendering.compile_body(mailing)
        MailingRecipient.objects.bulk_create(
            [MailingRecipient(mailing=mailing, user_id=user_id) for user_id in user_ids],
            batch_size=1000,
            ignore_conflicts=True,
        )
        mailing.status = MailingStatus.SENDING
        mailing.started_at = mailing.progress_at = now
        mailing.recipient_count = len(user_ids)
        mailing.save(
            update_fields=[
                "status",
                "started_at",
                "progress_at",
                "recipient_count",
                "rendered_html",
                "rendered_text",
                "updated_at",
            ]
        )
    logger.info("Mailing %s started for %s members.", mailing.pk, len(user_ids))
    return mailing


def _may_receive(user):
    profile = getattr(user, "profile", None)
    if user is None or not user.is_active or user.deleted_at or not user.email_verified:
        return Skip.INACTIVE
    if profile is None or not profile.newsletter:
        return Skip.NO_CONSENT
    return None


def _opted_out(hashes):
    """The hashes among ``hashes`` (``{user id: [hash, …]}``) that opted out of mailings."""
    every = [h for user_hashes in hashes.values() for h in user_hashes]
    return set(
        MailOptOut.objects.filter(category=Category.BULK, address_hash__in=every).values_list(
            "address_hash", flat=True
        )
    )


class _Batch:
    """What every mail of one batch shares: built once, so a mail is only filled."""

    def __init__(self, mailing, codes):
        self.codes = codes
        # The region's sender, footer and hostname: looked up once per batch.
        self.filler = rendering.mailing_filler(mailing.site)
        self.sender = region_sender(mailing.site)
        self.referral_link = rendering.referral_links(
            mailing, lambda code: absolute_url(reverse("campaigns:referral_link", args=[code]))
        )
        self.unsubscribe_url = unsubscribe_urls(Category.BULK)


def _outbox_row(mailing, user, batch):
    """The rendered, unsaved outbox row of ``mailing`` for ``user``."""
    code = batch.codes.get(user.pk)
    values = rendering.recipient_context(
        mailing,
        user,
        mailing.rendered_html,
        mailing.rendered_text,
        referral_link=batch.referral_link(code) if code else referral_url(user),
        tagged=bool(code),
    )
    values.pop("is_test")
    url = batch.unsubscribe_url(user.email)
    values.update(recipient=user.email, unsubscribe_url=url)
    rendered = batch.filler.render(values)
    return OutgoingMail(
        to=user.email,
        from_email=batch.sender,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        headers=list_unsubscribe_headers(url),
        template=rendering.MAIL_TEMPLATE,
        category=Category.BULK,
        idempotency_key=idempotency_key(mailing.pk, user.pk),
    )


def _mark_rows(mailing_id, rows, reasons, queued, keys, now):
    """Mark the batch's rows sent (linked to their outbox row) or skipped: a few UPDATEs.

    Grouped by outcome rather than ``bulk_update``, whose CASE per row costs more than the
    rendering; the outbox row is found by its key in the database.
    """
    sent = [row.pk for row in rows if reasons[row.pk] is None and keys[row.pk] in queued]
    skipped = {}
    for row in rows:
        if row.pk not in sent:
            skipped.setdefault(reasons[row.pk] or Skip.OPTED_OUT, []).append(row.pk)
    Status = MailingRecipient.Status
    if sent:
        outbox_row = OutgoingMail.objects.filter(
            idempotency_key=Concat(
                Value(f"mailing:{mailing_id}:"), Cast(OuterRef("user_id"), CharField())
            )
        ).values("pk")[:1]
        MailingRecipient.objects.filter(pk__in=sent).update(
            status=Status.SENT, skip_reason="", outgoing_mail=Subquery(outbox_row), processed_at=now
        )
    for reason, ids in skipped.items():
        MailingRecipient.objects.filter(pk__in=ids).update(
            status=Status.SKIPPED, skip_reason=reason, outgoing_mail=None, processed_at=now
        )


def send_batch(mailing_id, batch_size=None):
    """Queue the next batch of a mailing that is ``bezig``; returns how many rows it handled.

    One transaction per batch, with a constant number of queries: the waiting rows (locked),
    their members with profiles, their opt-outs, referral codes and outbox rows already there
    are read per batch; the mails are filled from a template compiled once (``MailFiller``),
    stored with one insert and handed to one delivery task after the commit.

    The last batch marks the mailing ``verzonden``; while it is still ``bezig`` the caller runs
    another. Safe to run twice and side by side: rows are locked with SKIP LOCKED and only
    waiting rows are taken, so two batches never take the same member; the outbox key
    (``mailing:<id>:<user id>``, unique) makes a second mail for a member impossible even if a
    row was somehow taken again: a member whose mail is already in the outbox is linked to it.
    """
    size = batch_size or settings.MAILING_BATCH_SIZE
    now = timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.select_related("campaign").filter(pk=mailing_id).first()
        if mailing is None or mailing.status != MailingStatus.SENDING:
            return 0
        rows = list(
            MailingRecipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(mailing=mailing, status=MailingRecipient.Status.PENDING)
            .order_by("pk")[:size]
        )
        users = (
            get_user_model()
            .objects.select_related("profile")
            .in_bulk([row.user_id for row in rows])
        )
        # Unsubscribes count at send time: consent and one-click opt-outs are read right now.
        hashes = {pk: address_hashes(user.email) for pk, user in users.items()}
        opted_out = _opted_out(hashes)
        keys = {row.pk: idempotency_key(mailing.pk, row.user_id) for row in rows}
        queued = existing_mails(keys.values())
        reasons, to_send = {}, []
        for row in rows:
            user = users.get(row.user_id)
            reason = _may_receive(user)
            if reason is None and opted_out.intersection(hashes[user.pk]):
                reason = Skip.OPTED_OUT
            reasons[row.pk] = reason
            if reason is None and keys[row.pk] not in queued:
                to_send.append(user)
        if to_send:
            batch = _Batch(mailing, codes_for(to_send))
            queued.update(queue_many(_outbox_row(mailing, user, batch) for user in to_send))
        _mark_rows(mailing.pk, rows, reasons, queued, keys, now)
        pending = _recount(mailing.pk, now)
        if pending == 0:
            finished = Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENDING).update(
                status=MailingStatus.SENT, finished_at=now
            )
            if finished:
                logger.info("Mailing %s sent.", mailing.pk)
    return len(rows)


def is_sending(mailing_id):
    return Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).exists()


def _recount(mailing_id, now):
    """Store the counters from the recipient rows; returns how many still wait."""
    Status = MailingRecipient.Status
    counts = MailingRecipient.objects.filter(mailing_id=mailing_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Status.SENT)),
        skipped=Count("pk", filter=Q(status=Status.SKIPPED)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
    )
    Mailing.objects.filter(pk=mailing_id).update(
        recipient_count=counts["total"],
        sent_count=counts["sent"],
        skipped_count=counts["skipped"],
        progress_at=now,
    )
    return counts["pending"]


def start_due(now=None):
    """Start every scheduled mailing whose time has come; returns the ids that started."""
    now = now or timezone.now()
    due = Mailing.objects.filter(status=MailingStatus.SCHEDULED, scheduled_at__lte=now).values_list(
        "pk", flat=True
    )
    started = []
    for mailing_id in list(due):
        mailing = start_sending(mailing_id, now=now)
        if mailing and mailing.status == MailingStatus.SENDING:
            started.append(mailing_id)
    return started


def resume_stalled(now=None, stalled_after=None):
    """The mailings ``bezig`` without progress for a while (a worker died or its task got lost),
    stamped so the next beat leaves them alone; the caller enqueues a batch for each. Safe to
    run twice: a batch only takes rows that still wait."""
    now = now or timezone.now()
    if stalled_after is None:
        stalled_after = timedelta(minutes=settings.MAILING_STALL_MINUTES)
    stalled = list(
        Mailing.objects.filter(
            status=MailingStatus.SENDING, progress_at__lte=now - stalled_after
        ).values_list("pk", flat=True)
    )
    if stalled:
        # Stamped, so the next beat does not enqueue them again while this batch waits.
        Mailing.objects.filter(pk__in=stalled).update(progress_at=now)
        logger.warning("Resuming %s stalled mailings: %s", len(stalled), stalled)
    return stalled
