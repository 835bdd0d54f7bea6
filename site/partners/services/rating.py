"""When a handover is rated: the one question after every contact, for every tier.

An SLA-partner confirms contact through its link, and that confirmation asks the question
(``handover.confirm``). A *netwerkpartner* or *doorverwijzing* confirms nothing: there the
desk's follow-up call is the confirmation. When staff record that call's outcome as
"opgelost", "loopt nog" or "doorverwezen", the entrepreneur had contact and is asked how the
handover went; "geen contact" asks nothing (we do not know that the handover led anywhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat

from loket.satisfaction.contacts import ask_after_handover
from loket.satisfaction.models import Rating

from ..models import FollowUp, Outcome, Tier

if TYPE_CHECKING:
    from datetime import datetime

# The outcomes of a follow-up call that say the entrepreneur and the partner had contact.
CONTACT_OUTCOMES = (Outcome.RESOLVED, Outcome.ONGOING, Outcome.REFERRED)


def confirmed_by_follow_up(follow_up: FollowUp) -> bool:
    """Does this recorded call stand in for the partner's confirmation of its handover?"""
    handover = follow_up.handover
    return (
        handover is not None
        and handover.tier != Tier.SLA
        and follow_up.done_at is not None
        and follow_up.outcome in CONTACT_OUTCOMES
    )


def ask_after_follow_up(follow_up: FollowUp) -> object | None:
    """Ask about the non-SLA handover of a recorded call; safe twice (one rating per handover)."""
    if not confirmed_by_follow_up(follow_up):
        return None
    return ask_after_handover(follow_up.handover, contact_at=follow_up.done_at)


def _rated():
    key = Concat(Value("handover:"), Cast(OuterRef("handover_id"), CharField()))
    return Exists(Rating.objects.filter(contact_key=key))


def ask_after_followed_up_handovers(*, since: datetime | None = None) -> int:
    """Every non-SLA handover whose call said there was contact and that was not asked yet (a
    call recorded while the mail could not go, or before this rule): the number asked.

    Safe to run twice: a handover with its rating is left out, and ``request_rating`` keeps one
    rating per handover even when two runs overlap.
    """
    calls = (
        FollowUp.objects.filter(
            handover__isnull=False,
            done_at__isnull=False,
            outcome__in=CONTACT_OUTCOMES,
            intake__erased_at__isnull=True,
        )
        .exclude(handover__tier=Tier.SLA)
        .filter(~_rated())
        .select_related("handover__intake__user", "handover__intake__theme")
        .select_related("handover__site", "handover__created_by")
        .order_by("done_at", "pk")
    )
    if since is not None:
        calls = calls.filter(done_at__gte=since)
    asked = 0
    for follow_up in calls:
        if ask_after_follow_up(follow_up) is not None:
            asked += 1
    return asked
