"""Staff decisions on pending awards: approve, reject, or take an award back.
A pending award is decided once; a decided one is corrected with a new row. Each is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url
from loket.notifications.services import Kind as NotificationKind
from loket.notifications.services import notify, standard_mail

from ..models import CreditTransaction, Kind, Status
from .base import CreditError, expiry_period
from .ledger import log_staff_act, write_correction

if TYPE_CHECKING:
    from loket.accounts.models import User


def _decide(award, status, staff):
    """The one change a row allows: a pending award becomes available or rejected, once."""
    now = timezone.now()
    fields = {"status": status, "decided_by": staff, "decided_at": now}
    if status == Status.AVAILABLE:
        fields["available_from"] = now
        fields["expires_at"] = now + expiry_period()
    changed = CreditTransaction.objects.filter(
        pk=award.pk, kind=Kind.AWARD, status=Status.PENDING
    ).update(**fields)
    if not changed:
        raise CreditError(_("Over deze toekenning is al besloten."), "decided")
    return CreditTransaction.objects.get(pk=award.pk)


def approve_award(award: CreditTransaction, *, staff: User | None) -> CreditTransaction:
    with transaction.atomic():
        award = _decide(award, Status.AVAILABLE, staff)
        log_staff_act(award, "loket.credits.award_approved", staff)
        _notify_approved(award)
    return award


def _notify_approved(award: CreditTransaction) -> None:
    """The member hears their credits can be spent; once per award (the ledger row's id)."""
    member = award.member
    url = absolute_url(reverse("credits:overview"))
    title = _("Je %(amount)s credits zijn goedgekeurd") % {"amount": award.amount}
    notify(
        member,
        NotificationKind.CREDITS_APPROVED,
        award,
        key=str(award.pk),
        title=title,
        text=award.reason,
        url=url,
        mail=standard_mail(
            member,
            key=f"credits-approved:{award.pk}",
            subject=title,
            paragraphs=[
                _("Je credits voor ‘%(reason)s’ zijn goedgekeurd.") % {"reason": award.reason},
                _("Je kunt ze nu besteden aan een beloning."),
            ],
            button_label=_("Kies een beloning"),
            url=url,
        ),
    )


def reject_award(award: CreditTransaction, *, staff: User | None) -> CreditTransaction:
    with transaction.atomic():
        award = _decide(award, Status.REJECTED, staff)
        log_staff_act(award, "loket.credits.award_rejected", staff)
    return award


def reverse_award(
    award: CreditTransaction, *, staff: User | None, reason: str
) -> CreditTransaction:
    """Take back an award: a pending one is rejected, an available one corrected away."""
    if award.kind != Kind.AWARD:
        raise CreditError(_("Alleen een toekenning kan worden teruggedraaid."))
    if award.status == Status.PENDING:
        try:
            with transaction.atomic():
                rejected = _decide(award, Status.REJECTED, staff)
                log_staff_act(rejected, "loket.credits.award_reversed", staff)
            return rejected
        except CreditError:
            award.refresh_from_db()
    if award.status == Status.REJECTED:
        raise CreditError(_("Deze toekenning is al afgewezen."), "decided")
    if CreditTransaction.objects.filter(related=award, kind=Kind.CORRECTION, amount__lt=0).exists():
        raise CreditError(_("Deze toekenning is al teruggedraaid."), "decided")
    with transaction.atomic():
        row = write_correction(
            award.member, -award.amount, reason=reason, staff=staff, related=award
        )
        log_staff_act(award, "loket.credits.award_reversed", staff, correction_id=row.pk)
    return row
