"""Qualifying a referral when the new member takes part, and awarding its credits once.
A conditional update wins the step once; the ledger refuses a second award."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from loket.notifications.services import Kind as NotificationKind
from loket.notifications.services import notify, standard_mail

from ..dispatch import referral_qualified
from ..models import Referral, ReferralProgramme
from .base import Status, programme

if TYPE_CHECKING:
    from loket.accounts.models import User


def _awarded_this_year(referrer: User) -> int:
    since = timezone.now() - timedelta(days=365)
    return (
        CreditTransaction.objects.filter(
            member=referrer,
            kind=Kind.AWARD,
            reference__startswith="referral:",
            reference__endswith=":tipgever",
            created_at__gte=since,
        )
        .exclude(status="afgewezen")
        .aggregate(total=Sum("amount", default=0))["total"]
    )


def event_qualifies(event: Any, rules: ReferralProgramme | None = None) -> bool:
    rules = rules or programme()
    if not rules.qualify_on_attendance:
        return False
    types = rules.qualifying_event_types or []
    return not types or getattr(event, "event_type", None) in types


def qualify(user: User, *, source: str, reference: str) -> Referral | None:
    """``user`` took part (``source``: attendance, intervision, intake); award once.

    Returns the referral when this call qualified it, else None.
    """
    rules = programme()
    allowed = {
        "attendance": rules.qualify_on_attendance,
        "intervision": rules.qualify_on_intervision,
        "intake": rules.qualify_on_intake,
    }
    if not allowed.get(source):
        return None
    with transaction.atomic():
        now = timezone.now()
        won = Referral.objects.filter(referred=user, status=Status.SIGNED_UP).update(
            status=Status.QUALIFIED, qualified_at=now, qualification=reference[:60]
        )
        if not won:
            return None
        referral = Referral.objects.select_related("referrer", "referred").get(referred=user)
        if source != "attendance":
            referral.risk_score += 10
            referral.risk_reasons = [*referral.risk_reasons, str(_("geen bijeenkomst bezocht"))]
            Referral.objects.filter(pk=referral.pk).update(
                risk_score=referral.risk_score, risk_reasons=referral.risk_reasons
            )
        review = referral.risk_score >= rules.risk_threshold
        # The referrer's row lock makes concurrent qualifications of people they tipped sum and
        # award one after another, so together they never pass the yearly cap.
        credits.lock_member(referral.referrer)
        referrer_amount = min(
            rules.referrer_credits, max(0, rules.yearly_cap - _awarded_this_year(referral.referrer))
        )
        if referrer_amount:
            credits.award_credits(
                referral.referrer,
                referrer_amount,
                # No name here: the ledger outlives a deleted account of the person tipped.
                reason=_("Tip een ander: een ondernemer die je tipte doet mee"),
                reference=f"referral:{referral.pk}:tipgever",
                review_days=rules.review_days,
                needs_review=review,
            )
        if rules.welcome_credits:
            credits.award_credits(
                user,
                rules.welcome_credits,
                reason=_("Welkom bij het Ondernemersloket"),
                reference=f"referral:{referral.pk}:welkom",
                review_days=rules.review_days,
                needs_review=review,
            )
        transaction.on_commit(lambda: referral_qualified.send(sender=Referral, referral=referral))
    return referral


def notify_referral_qualified(referral: Referral) -> None:
    """Tell the member who tipped that the person they tipped took part: credits are on their
    way. Safe twice: one notification (and mail) per referral."""
    referrer = referral.referrer
    if referrer is None:
        return
    url = absolute_url(reverse("credits:overview"))
    title = _("Een ondernemer die je tipte, doet mee")
    text = _("Dank je wel voor je tip! Je credits staan klaar of worden nog even bekeken.")
    notify(
        referrer,
        NotificationKind.TIP_QUALIFIED,
        referral,
        key=str(referral.pk),
        title=title,
        text=text,
        url=url,
        mail=standard_mail(
            referrer,
            key=f"campaigns-referral-qualified:{referral.pk}",
            subject=title,
            paragraphs=[
                _("Iemand die je tipte, deed mee aan het Ondernemersloket."),
                text,
            ],
            button_label=_("Bekijk je credits"),
            url=url,
        ),
    )
