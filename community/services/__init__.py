"""The rules of the community app, one module per concern, called by views, admin, tasks and tests.

``membership`` (join, request, approve, leave, remove, block), ``discussions`` (threads, replies,
follows, helpful answers), ``moderation`` (flags, hiding, warnings, the log), ``proposals``
(topics, votes, proposal to event), ``directory`` (members and contact), ``suggestions``,
``notifications`` (reply mails and digests) and ``limits`` (rate limits).

Every refusal raises :class:`CommunityError` with a Dutch message for the member and a code the
views turn into a 4xx status.
"""


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

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = str(message)
        self.code = code

    def __str__(self):
        return self.message

    @property
    def status(self):
        return self.STATUS.get(self.code, 400)
