"""Rate limits on posting, replying, flagging, proposing and messaging, counted from the rows.

Counting the member's own rows in the window (rather than a cache counter) keeps the limit exact
across web processes and restarts. Members whose account is younger than
``COMMUNITY_NEW_MEMBER_DAYS`` get the tighter limits. Settings can override every number.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import ContactMessage, Flag, Reply, Thread, TopicProposal

from . import CommunityError

if TYPE_CHECKING:
    from datetime import datetime

    from loket.accounts.models import User

HOUR = 60 * 60
DAY = 24 * HOUR

# action: (how many, within seconds)
DEFAULT_LIMITS = {
    "thread": (6, HOUR),
    "reply": (30, HOUR),
    "flag": (20, DAY),
    "proposal": (5, DAY),
    "message": (10, DAY),
}
NEW_MEMBER_LIMITS = {
    "thread": (2, HOUR),
    "reply": (10, HOUR),
    "flag": (5, DAY),
    "proposal": (2, DAY),
    "message": (3, DAY),
}
NEW_MEMBER_DAYS = 7

MESSAGES = {
    "thread": gettext_lazy(
        "Je hebt het maximum van %(limit)s nieuwe berichten per %(window)s bereikt."
    ),
    "reply": gettext_lazy("Je hebt het maximum van %(limit)s reacties per %(window)s bereikt."),
    "flag": gettext_lazy("Je hebt het maximum van %(limit)s meldingen per %(window)s bereikt."),
    "proposal": gettext_lazy(
        "Je hebt het maximum van %(limit)s voorstellen per %(window)s bereikt."
    ),
    "message": gettext_lazy(
        "Je hebt het maximum van %(limit)s berichten aan leden per %(window)s bereikt."
    ),
}


def is_new_member(user: User, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    days = getattr(settings, "COMMUNITY_NEW_MEMBER_DAYS", NEW_MEMBER_DAYS)
    return user.date_joined > now - timedelta(days=days)


def limit_for(user: User, action: str, now: datetime | None = None) -> tuple[int, int]:
    if is_new_member(user, now):
        table = {**NEW_MEMBER_LIMITS, **getattr(settings, "COMMUNITY_NEW_MEMBER_LIMITS", {})}
    else:
        table = {**DEFAULT_LIMITS, **getattr(settings, "COMMUNITY_RATE_LIMITS", {})}
    return table[action]


def _recent(user, action, since):
    queries = {
        "thread": lambda: Thread.objects.filter(author=user, created_at__gte=since),
        "reply": lambda: Reply.objects.filter(author=user, created_at__gte=since),
        "flag": lambda: Flag.objects.filter(reporter=user, created_at__gte=since),
        "proposal": lambda: TopicProposal.objects.filter(author=user, created_at__gte=since),
        "message": lambda: ContactMessage.objects.filter(sender=user, created_at__gte=since),
    }
    return queries[action]().count()


def check_rate_limit(user: User, action: str, now: datetime | None = None) -> None:
    """Raise ``CommunityError`` (429) when ``user`` already did ``action`` too often."""
    now = now or timezone.now()
    limit, window = limit_for(user, action, now)
    if _recent(user, action, now - timedelta(seconds=window)) < limit:
        return
    window_label = _("uur") if window <= HOUR else _("dag")
    message = MESSAGES[action] % {"limit": limit, "window": window_label}
    if is_new_member(user, now):
        message += " " + _(
            "In je eerste week gelden wat krappere grenzen; daarna kun je meer. Probeer het later "
            "nog eens."
        )
    else:
        message += " " + _("Probeer het later nog eens.")
    raise CommunityError(message, "rate_limited")
