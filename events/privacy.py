"""The member's part of "download my data" and "delete my account" for events (AVG)."""

from django.db import transaction
from django.utils import timezone

from loket.accounts.privacy import iso

from .models import Feedback, Invitation, Registration
from .services import remove_by_staff


def export_registrations(user):
    rows = Registration.objects.filter(user=user).select_related("event").order_by("created_at")
    invitations = Invitation.objects.filter(inviter=user).select_related("event")
    return {
        "aanmeldingen": _registrations(rows),
        "uitnodigingen": [
            {
                "bijeenkomst": i.event.title,
                "aan": i.email,
                "noot": i.note,
                "verstuurd_op": i.created_at.isoformat(),
            }
            for i in invitations
        ],
    }


def _registrations(rows):
    return [
        {
            "bijeenkomst": r.event.title,
            "begint": r.event.start.isoformat(),
            "status": r.get_status_display(),
            "plaatsen": r.seats,
            "collegas": r.colleague_names,
            "antwoord": r.answer,
            "aangemeld_op": r.created_at.isoformat(),
            "aanwezig": iso(r.checked_in_at),
        }
        for r in rows
    ]


def erase_registrations(user, keep_content):
    """Free the member's seats at future events and drop what they wrote and whom they brought.

    Past attendance stays (anonymous once the account is anonymised): it feeds the no-show and
    fill rates. The answers are member-written text and go unless ``keep_content``.
    """
    now = timezone.now()
    active = Registration.objects.filter(
        user=user, status__in=Registration.ACTIVE, event__start__gt=now
    ).select_related("event")
    for registration in active:
        remove_by_staff(registration)
    with transaction.atomic():
        # The addresses they invited were theirs to share; they go with the account.
        Invitation.objects.filter(inviter=user).delete()
        rows = Registration.objects.filter(user=user)
        rows.update(colleagues=[])
        if not keep_content:
            rows.update(answer="")
            Feedback.objects.filter(registration__user=user).update(sentence="")
