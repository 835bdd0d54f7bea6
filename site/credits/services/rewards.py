"""The rewards catalogue: stock, buying a reward with credits and handling requests.
A reward's row lock keeps its stock from being over-issued."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Redemption, Reward
from .base import CreditError
from .ledger import refund, spend_credits

if TYPE_CHECKING:
    from loket.accounts.models import User


def stock_left(reward: Reward) -> int:
    taken = reward.redemptions.exclude(state=Redemption.State.CANCELLED).count()
    return max(0, reward.stock - taken)


def paid_at_registration(reward: Reward) -> bool:
    """A free seat is not requested from staff: the member pays with credits when registering
    for the event (the event says how many), which also refunds a timely cancellation. The
    catalogue's seat item points there, so there is one way to get a seat."""
    return reward.type == Reward.Type.SEAT


def redeem(member: User, reward: Reward) -> Redemption:
    """Buy ``reward`` with credits: lock the reward, recount its stock, spend, record.

    The reward's row lock makes concurrent buyers wait their turn, so stock is never over-issued;
    the spend locks the member, so the balance never goes below zero.
    """
    with transaction.atomic():
        reward = Reward.objects.select_for_update().filter(pk=reward.pk, active=True).first()
        if reward is None:
            raise CreditError(_("Deze beloning is niet meer te kiezen."), "inactive")
        if stock_left(reward) <= 0:
            raise CreditError(_("Deze beloning is helaas op."), "out_of_stock")
        spend = spend_credits(
            member, reward.price, reason=_("Ingewisseld: %(title)s") % {"title": reward.title}
        )
        return Redemption.objects.create(reward=reward, member=member, spend=spend)


def cancel_redemption(redemption: Redemption, *, staff: User | None = None) -> Redemption:
    """Cancel a request that was not fulfilled yet and give the credits back (once)."""
    with transaction.atomic():
        changed = Redemption.objects.filter(
            pk=redemption.pk, state=Redemption.State.REQUESTED
        ).update(state=Redemption.State.CANCELLED)
        if not changed:
            raise CreditError(_("Deze aanvraag is al afgehandeld."), "decided")
        refund(
            redemption.spend,
            reason=_("Teruggeboekt: %(title)s") % {"title": redemption.reward.title},
            created_by=staff,
        )
    redemption.refresh_from_db()
    return redemption


def fulfil_redemption(redemption: Redemption) -> Redemption:
    changed = Redemption.objects.filter(pk=redemption.pk, state=Redemption.State.REQUESTED).update(
        state=Redemption.State.FULFILLED
    )
    if not changed:
        raise CreditError(_("Deze aanvraag is al afgehandeld."), "decided")
    redemption.refresh_from_db()
    return redemption
