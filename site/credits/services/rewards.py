"""The rewards catalogue: stock, buying a reward with credits and delivering it.
A reward's row lock keeps its stock from being over-issued; a request moves aangevraagd →
ingepland → geleverd, or to geannuleerd with its credits refunded once. Each staff step is
logged in Wagtail's log and mailed to the member through the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import transaction
from django.db.models import Exists, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from loket.accounts.models import Profile
from loket.accounts.services import absolute_url
from loket.mail.services import queue_mail

from ..models import Redemption, Reward
from .base import CreditError
from .ledger import refund, spend_credits

if TYPE_CHECKING:
    from loket.accounts.models import User

# A Redemption.State value (a str at run time); without Django's stubs mypy sees a tuple.
Choice: TypeAlias = Any


def stock_left(reward: Reward) -> int:
    taken = reward.redemptions.exclude(state=Redemption.State.CANCELLED).count()
    return max(0, reward.stock - taken)


def paid_at_registration(reward: Reward) -> bool:
    """A free seat is not requested from staff: the member pays with credits when registering
    for the event (the event says how many), which also refunds a timely cancellation. The
    catalogue's seat item points there, so there is one way to get a seat."""
    return reward.type == Reward.Type.SEAT


def offered_to(member: User) -> QuerySet[Reward]:
    """The active rewards a member may choose: the national ones and their own desk's (the home
    region; a member without one belongs to the default site, as in mailing segments). Filtered in
    the database, so a page that lists them costs no extra query."""
    profile = Profile.objects.filter(user=member)
    own = Q(site__in=profile.values("home_site")) | (
        Q(site__is_default_site=True) & ~Exists(profile.filter(home_site__isnull=False))
    )
    return Reward.objects.filter(Q(site__isnull=True) | own, active=True)


def redeem(member: User, reward: Reward) -> Redemption:
    """Buy ``reward`` with credits: lock the reward, recount its stock, spend, record, and
    confirm it to the member by mail.

    The reward's row lock makes concurrent buyers wait their turn, so stock is never over-issued;
    the spend locks the member, so the balance never goes below zero.
    """
    with transaction.atomic():
        reward = Reward.objects.select_for_update().filter(pk=reward.pk, active=True).first()
        if reward is None:
            raise CreditError(_("Deze beloning is niet meer te kiezen."), "inactive")
        if not offered_to(member).filter(pk=reward.pk).exists():
            raise CreditError(
                _("Deze beloning hoort bij een ander loket dan het jouwe."), "other_region"
            )
        if stock_left(reward) <= 0:
            raise CreditError(_("Deze beloning is helaas op."), "out_of_stock")
        spend = spend_credits(
            member, reward.price, reason=_("Ingewisseld: %(title)s") % {"title": reward.title}
        )
        redemption = Redemption.objects.create(reward=reward, member=member, spend=spend)
        _mail_requested(redemption)
        return redemption


def _mail_requested(redemption: Redemption) -> None:
    """Confirm the request to the member, with the outbox row committed with the spend."""
    member = redemption.member
    host = redemption.reward.host
    queue_mail(
        to=member.email,
        template="credits_reward_requested",
        context={
            "first_name": member.first_name or member.display_name,
            "reward": redemption.reward.title,
            "price": -redemption.spend.amount,
            "host": host.display_name if host else "",
            "host_url": redemption.reward.host_url,
            "credits_url": absolute_url(reverse("credits:overview")),
        },
        idempotency_key=f"credits-reward:{redemption.pk}:requested",
    )


# The staff workflow of a request. Each state lists the states it may go to; geleverd and
# geannuleerd are final. A gadget may go straight from aangevraagd to geleverd; ingepland may be
# planned again (a new date).
TRANSITIONS: dict[Choice, tuple[Choice, ...]] = {
    Redemption.State.REQUESTED: (
        Redemption.State.SCHEDULED,
        Redemption.State.FULFILLED,
        Redemption.State.CANCELLED,
    ),
    Redemption.State.SCHEDULED: (
        Redemption.State.SCHEDULED,
        Redemption.State.FULFILLED,
        Redemption.State.CANCELLED,
    ),
    Redemption.State.FULFILLED: (),
    Redemption.State.CANCELLED: (),
}

LOG_ACTIONS: dict[Choice, str] = {
    Redemption.State.SCHEDULED: "loket.credits.reward_scheduled",
    Redemption.State.FULFILLED: "loket.credits.reward_fulfilled",
    Redemption.State.CANCELLED: "loket.credits.reward_cancelled",
}

NOTE_MAX_LENGTH = 1000


def _refused(current: Choice, target: Choice) -> CreditError:
    """The Dutch reason why ``current`` cannot become ``target``."""
    if current == Redemption.State.FULFILLED:
        message = _("Deze beloning is al geleverd; daar verandert niets meer aan.")
    elif current == Redemption.State.CANCELLED:
        message = _("Deze aanvraag is geannuleerd en de credits zijn al teruggeboekt.")
    else:
        message = _("Deze stap kan niet vanuit de status ‘%(state)s’.") % {
            "state": Redemption.State(current).label
        }
    return CreditError(message, "wrong_transition")


def _move(
    redemption: Redemption, target: Choice, *, staff: User | None, **fields: Any
) -> Redemption:
    """Move ``redemption`` to ``target`` if its state (read in the same UPDATE) allows it.

    The conditional update is the lock: of two clicks at once, PostgreSQL lets the second
    re-check the state after the first committed, so it finds nothing to change and is refused.
    Call inside ``transaction.atomic``.
    """
    sources = [state for state, targets in TRANSITIONS.items() if target in targets]
    now = timezone.now()
    changed = Redemption.objects.filter(pk=redemption.pk, state__in=sources).update(
        state=target, state_changed_at=now, handled_by=staff, **fields
    )
    if not changed:
        current = Redemption.objects.values_list("state", flat=True).get(pk=redemption.pk)
        raise _refused(current, target)
    moved = Redemption.objects.select_related("reward__host", "member", "spend").get(
        pk=redemption.pk
    )
    data: dict[str, Any] = {"reward": moved.reward.title, "member_id": moved.member_id}
    if moved.scheduled_for and target == Redemption.State.SCHEDULED:
        data["scheduled_for"] = moved.scheduled_for.isoformat()
    log(moved, LOG_ACTIONS[target], user=staff, data=data)
    _mail_member(moved)
    return moved


def _mail_member(redemption: Redemption) -> None:
    """Tell the member the new status, once per redemption and status (and planned moment)."""
    key = f"credits-reward:{redemption.pk}:{redemption.state}"
    if redemption.state == Redemption.State.SCHEDULED and redemption.scheduled_for:
        key += f":{redemption.scheduled_for:%Y%m%d%H%M}"
    member = redemption.member
    host = redemption.reward.host
    queue_mail(
        to=member.email,
        template="credits_reward_status",
        context={
            "first_name": member.first_name or member.display_name,
            "reward": redemption.reward.title,
            "state": redemption.state,
            "scheduled_for": redemption.scheduled_for,
            # The note belongs to the planning; a later mail would repeat stale directions.
            "note": redemption.note if redemption.state == Redemption.State.SCHEDULED else "",
            "host": host.display_name if host else "",
            "host_url": redemption.reward.host_url,
            "refunded": -redemption.spend.amount,
            "credits_url": absolute_url(reverse("credits:overview")),
        },
        idempotency_key=key,
    )


def schedule_redemption(
    redemption: Redemption, *, when: datetime | None, note: str = "", staff: User | None
) -> Redemption:
    """Plan the delivery: a moment in the future and a note for the member."""
    if when is None:
        raise CreditError(_("Kies de datum en tijd waarop de beloning geleverd wordt."))
    if when <= timezone.now():
        raise CreditError(_("Kies een moment in de toekomst."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise CreditError(_("Houd de toelichting onder %(n)s tekens.") % {"n": NOTE_MAX_LENGTH})
    with transaction.atomic():
        return _move(
            redemption, Redemption.State.SCHEDULED, staff=staff, scheduled_for=when, note=note
        )


def fulfil_redemption(redemption: Redemption, *, staff: User | None = None) -> Redemption:
    """The member got the reward."""
    with transaction.atomic():
        return _move(redemption, Redemption.State.FULFILLED, staff=staff)


def cancel_redemption(redemption: Redemption, *, staff: User | None = None) -> Redemption:
    """Cancel a request not delivered yet and give the credits back: the ledger's refund row,
    written once (the state change is refused a second time, and the refund's reference is
    unique besides)."""
    with transaction.atomic():
        cancelled = _move(redemption, Redemption.State.CANCELLED, staff=staff)
        refund(
            cancelled.spend,
            reason=_("Teruggeboekt: %(title)s") % {"title": cancelled.reward.title},
            created_by=staff,
        )
    return cancelled
