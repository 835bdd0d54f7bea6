"""The AVG side of intake requests: erasing one, a member's, and those past retention.
What stays says nothing about a person and counts for the desk's figures."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.mail.models import OutgoingMail
from loket.mail.services import forget_mails

from ..models import Booking, IntakeRequest, Status, StatusChange
from .base import retention_days

if TYPE_CHECKING:
    from datetime import datetime

    from loket.accounts.models import User

logger = logging.getLogger(__name__)


def _forget_mails(intake):
    """Blank the outbox rows of this request's own mails (not other mail to the address)."""
    rows = OutgoingMail.objects.filter(idempotency_key__startswith="intake-").filter(
        idempotency_key__regex=rf"^intake-[a-z]+:{intake.pk}(:|$)"
    )
    return forget_mails(rows)


def anonymise(intake: IntakeRequest, *, now: datetime | None = None) -> None:
    """Erase the personal data of one request; what stays (status, dates, theme, size band,
    channel, campaign) counts for the desk's figures and says nothing about a person."""
    now = now or timezone.now()
    with transaction.atomic():
        _forget_mails(intake)
        # A booked slot still ahead is freed for others; a past booking stays for the figures.
        Booking.objects.filter(
            intake=intake, released_at__isnull=True, slot__starts_at__gt=now
        ).update(released_at=now)
        IntakeRequest.objects.filter(pk=intake.pk).update(
            name="",
            email="",
            company="",
            question="",
            phone="",
            staff_notes="",
            # A referred request must name someone (a database check): it keeps a marker.
            referred_to=Case(
                When(status=Status.REFERRED, then=Value(str(_("(gewist)")))),
                default=Value(""),
            ),
            user=None,
            dedupe_key=None,
            consent_text="",
            erased_at=now,
            updated_at=now,
        )
        # The entrepreneur's own name in the history goes too; staff's steps keep their names.
        history = StatusChange.objects.filter(intake=intake)
        # Notes may hold names, dates and whom the entrepreneur was referred to.
        history.update(note="")
        history.filter(actor__isnull=True).update(actor_label="")
        if intake.user_id:
            history.filter(actor_id=intake.user_id).update(actor=None, actor_label="")


def erase_for_member(user: User) -> None:
    """A member deletes their account: their requests keep no personal data."""
    for intake in IntakeRequest.objects.not_erased().filter(user=user):
        anonymise(intake)


def erase_expired(*, now: datetime | None = None) -> int:
    """Erase requests of non-members older than INTAKE_RETENTION_DAYS; return how many.

    Safe to run twice: erased requests are skipped. A request with a conversation still ahead
    is kept until it has taken place.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    expired = (
        IntakeRequest.objects.not_erased()
        .filter(user__isnull=True, created_at__lt=cutoff)
        .exclude(status=Status.PLANNED, planned_at__gt=now)
    )
    count = 0
    for intake in expired.iterator():
        anonymise(intake, now=now)
        count += 1
    if count:
        logger.info("Erased %s intake requests of non-members past their retention.", count)
    return count
