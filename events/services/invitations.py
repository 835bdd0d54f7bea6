"""Invitations: a member mails a contact the event with a personal note, the contact's
registration is linked to it, and unanswered invitations are forgotten after a month."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from events import notifications
from events.models.registration import Invitation, Registration
from loket.sanitize import clean_text

from .base import RegistrationError, _now

if TYPE_CHECKING:
    from events.models.pages import EventPage
    from loket.accounts.models import User

MAX_NOTE_CHARS = 500


def invite_to_event(event: EventPage, inviter: User, *, email: str, note: str = "") -> Invitation:
    """Mail a contact the event with the member's personal note; they register from the link.

    Inviting the same address twice for one event sends nothing new. The mail is "bulk": it has
    a one-click opt-out, and an address that opted out gets nothing.
    """
    if not getattr(inviter, "pk", None):
        raise RegistrationError(_("Log in om iemand uit te nodigen."), "login")
    email = str(email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError(_("Dit e-mailadres klopt niet; controleer het even.")) from None
    if email == inviter.email.lower():
        raise RegistrationError(_("Je kunt jezelf niet uitnodigen; meld je gewoon aan."))
    note = clean_text(str(note or "")).strip()
    if len(note) > MAX_NOTE_CHARS:
        raise RegistrationError(
            _("Houd je persoonlijke noot onder de %(n)s tekens.") % {"n": MAX_NOTE_CHARS}
        )
    if event.registration_state() not in ("open", "not_yet"):
        raise RegistrationError(
            _("Voor deze bijeenkomst kun je niemand meer uitnodigen."), "closed"
        )
    with transaction.atomic():
        invitation = Invitation.objects.filter(event=event, inviter=inviter, email=email).first()
        if invitation is not None:
            return invitation
        sent = Invitation.objects.filter(event=event, inviter=inviter).count()
        if sent >= Invitation.MAX_PER_MEMBER_PER_EVENT:
            raise RegistrationError(
                _("Je hebt al %(n)s mensen uitgenodigd voor deze bijeenkomst.")
                % {"n": Invitation.MAX_PER_MEMBER_PER_EVENT},
                "limit",
            )
        invitation = Invitation.objects.create(event=event, inviter=inviter, email=email, note=note)
        notifications.invitation(invitation)
    return invitation


def accept_invitation(token: str, registration: Registration) -> Invitation | None:
    """Link a registration to the invitation it came from (when the address matches)."""
    invitation = Invitation.from_token(token)
    if (
        invitation is None
        or invitation.event_id != registration.event_id
        or invitation.email != registration.user.email.lower()
    ):
        return None
    Invitation.objects.filter(pk=invitation.pk, registration__isnull=True).update(
        registration=registration
    )
    return invitation


def purge_invitations(keep: timedelta = timedelta(days=30)) -> int:
    """Forget the addresses of invited contacts who did not register, a month after the event.

    Safe to run twice: what is deleted is gone. Returns how many were removed.
    """
    deleted, _per_model = Invitation.objects.filter(
        registration__isnull=True, event__end__lt=_now() - keep
    ).delete()
    return deleted
