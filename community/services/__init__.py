"""The rules of the community app, one module per concern, called by views, admin, tasks and tests.

``membership`` (join, request, approve, leave, remove, block), ``discussions`` (threads, replies,
follows, helpful answers), ``moderation`` (flags, hiding, warnings, the log), ``proposals``
(topics, votes, proposal to event), ``directory`` (members and contact), ``suggestions``,
``notifications`` (reply mails and digests) and ``limits`` (rate limits).

Every refusal raises :class:`CommunityError` with a Dutch message for the member and a code the
views turn into a 4xx status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from loket.accounts.models import User

    # Whoever makes a request: a member, an anonymous visitor, or nobody (a task).
    Visitor: TypeAlias = "User | AnonymousUser | None"
    # A value of a TextChoices (a str at run time); without Django's stubs mypy sees a tuple.
    Choice: TypeAlias = Any


class CommunityError(Exception):
    """A step that cannot happen; ``message`` is Dutch and meant for the member."""

    # The HTTP status a view answers with for each code.
    STATUS = {
        "invalid": 400,
        "login": 403,
        "not_member": 403,
        "forbidden": 403,
        "blocked": 403,
        "not_found": 404,
        "conflict": 409,
        "locked": 409,
        "rate_limited": 429,
    }

    def __init__(self, message: Any, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code

    def __str__(self) -> str:
        return self.message

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 400)
