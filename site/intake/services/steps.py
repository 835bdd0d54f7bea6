"""The desk's status steps on a request: plan, held, referred, and the desk's notes.
Each step goes through ``_move``, which locks the row and writes the history and Wagtail's log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from loket.mail.services import queue_mail

from ..models import Channel, IntakeRequest, Status, StatusChange
from ..signals import conversation_held, intake_held
from .base import ALLOWED_STEPS, IntakeError, _erased_error
from .mails import _mail_context

if TYPE_CHECKING:
    from datetime import datetime

    from loket.accounts.models import User


def _actor_label(user):
    if user is None:
        return ""
    return (user.get_full_name() or user.email)[:150]


LOG_ACTIONS = {
    Status.PLANNED: "loket.intake.planned",
    Status.HELD: "loket.intake.held",
    Status.REFERRED: "loket.intake.referred",
    Status.NO_SHOW: "loket.intake.no_show",
    Status.CANCELLED: "loket.intake.cancelled",
}


def _log_staff_act(intake, action, by, **data):
    """Wagtail's log entry (the site history report); the title names no entrepreneur, and the
    data holds no free text, as the log outlives an erased request."""
    title = _("Intakeaanvraag %(pk)s") % {"pk": intake.pk}
    log(intake, action, user=by, title=title, data=data)


def _move(intake, to, *, by, note="", **fields):
    with transaction.atomic():
        locked = IntakeRequest.objects.select_for_update().get(pk=intake.pk)
        if locked.erased_at is not None:
            raise _erased_error()
        if to not in ALLOWED_STEPS[Status(locked.status)]:
            raise IntakeError(
                _("Van “%(current)s” kan een aanvraag niet naar “%(to)s”.")
                % {"current": locked.get_status_display(), "to": Status(to).label},
                "state",
            )
        previous = locked.status
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.status = to
        if by is not None:
            locked.handled_by = by
        locked.save()
        StatusChange.objects.create(
            intake=locked,
            from_status=previous,
            to_status=to,
            actor=by,
            actor_label=_actor_label(by),
            note=note[:300],
        )
        data = {"from": previous, "to": to}
        if to == Status.PLANNED and locked.planned_at:
            when = timezone.localtime(locked.planned_at).strftime("%d-%m-%Y %H:%M")
            data.update(planned_at=when, channel=locked.channel)
        _log_staff_act(locked, LOG_ACTIONS[to], by, **data)
    return locked, previous


def plan(
    intake: IntakeRequest,
    *,
    planned_at: datetime | None,
    channel: str | None = None,
    by: User | None = None,
) -> IntakeRequest:
    """Plan (or move) the conversation; the entrepreneur gets the date and channel by mail."""
    if planned_at is None:
        raise IntakeError(_("Kies de datum en tijd van het gesprek."), "planned_at")
    if channel and channel not in Channel.values:
        raise IntakeError(_("Kies bezoek, telefoon of video."), "channel")
    changes: dict[str, Any] = {"planned_at": planned_at}
    if channel:
        changes["channel"] = channel
    local = timezone.localtime(planned_at)
    with transaction.atomic():
        intake, previous = _move(
            intake,
            Status.PLANNED,
            by=by,
            note=_("%(when)s, %(channel)s")
            % {
                "when": local.strftime("%d-%m-%Y %H:%M"),
                "channel": Channel(changes.get("channel", intake.channel)).label.lower(),
            },
            **changes,
        )
        queue_mail(
            to=intake.email,
            template="intake_planned",
            context={
                **_mail_context(intake),
                "planned_local": local,
                "moved": previous == Status.PLANNED,
            },
            # A new date or channel is a new mail; saving the same appointment twice is not.
            idempotency_key=f"intake-planned:{intake.pk}:{local:%Y%m%d%H%M}:{intake.channel}",
        )
    return intake


def mark_held(
    intake: IntakeRequest,
    *,
    by: User | None = None,
    held_at: datetime | None = None,
    note: str = "",
) -> IntakeRequest:
    """Record that the intake conversation took place; ``intake_held`` goes out once."""
    intake, _previous = _move(
        intake, Status.HELD, by=by, note=note, held_at=held_at or timezone.now()
    )
    # The step above succeeds once per request (held cannot follow held), so this is sent once.
    transaction.on_commit(lambda: _send_held(intake))
    return intake


def _send_held(intake):
    intake_held.send(sender=IntakeRequest, intake=intake, user=intake.user)
    booking = getattr(intake, "booking", None)  # None: planned by hand, not booked
    conversation_held.send(
        sender=IntakeRequest, intake=intake, booking=booking, kind=intake.kind, user=intake.user
    )


def mark_no_show(intake: IntakeRequest, *, by: User | None = None, note: str = "") -> IntakeRequest:
    """Record that the entrepreneur did not come; staff may plan a new conversation later."""
    intake, _previous = _move(intake, Status.NO_SHOW, by=by, note=note)
    return intake


def mark_cancelled(
    intake: IntakeRequest, *, by: User | None = None, note: str = ""
) -> IntakeRequest:
    """The planned conversation will not take place (the entrepreneur cancelled it)."""
    intake, _previous = _move(intake, Status.CANCELLED, by=by, note=note)
    return intake


def refer(
    intake: IntakeRequest,
    *,
    referred_to: str | None,
    by: User | None = None,
    note: str = "",
    mail: bool = True,
) -> IntakeRequest:
    """Hand the entrepreneur over to someone else; they get a mail saying to whom, unless
    ``mail`` is off (a warm handover sends its own introduction mail)."""
    referred_to = (referred_to or "").strip()
    if not referred_to:
        raise IntakeError(_("Noteer naar wie of welke organisatie je doorverwijst."), "referred_to")
    with transaction.atomic():
        intake, _previous = _move(
            intake,
            Status.REFERRED,
            by=by,
            note=note or referred_to,
            referred_to=referred_to[:200],
        )
        if not mail:
            return intake
        queue_mail(
            to=intake.email,
            template="intake_referred",
            context={**_mail_context(intake), "referred_to": intake.referred_to},
            idempotency_key=f"intake-referred:{intake.pk}",
        )
    return intake


def save_notes(intake: IntakeRequest, notes: str, *, by: User | None = None) -> IntakeRequest:
    """Keep the desk's notes on a request; an erased request takes none (it stays erased)."""
    with transaction.atomic():
        locked = IntakeRequest.objects.select_for_update().get(pk=intake.pk)
        if locked.erased_at is not None:
            raise _erased_error()
        IntakeRequest.objects.filter(pk=intake.pk).update(
            staff_notes=notes, updated_at=timezone.now()
        )
        _log_staff_act(locked, "loket.intake.notes_saved", by, chars=len(notes))
    intake.staff_notes = notes
    return intake
