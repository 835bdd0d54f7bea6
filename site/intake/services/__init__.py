"""What happens to intake requests: asking for one, the desk's status steps, erasure.

Views, the admin, tasks and tests call these functions. Every status step goes through
``steps._move``: it locks the row, checks the step is allowed from the current status, writes a
history row and queues the entrepreneur's mail in the same transaction; signals for later layers
go out after the commit. The modules: ``base`` (errors, the allowed steps), ``mails``,
``request`` (asking for an intake), ``steps`` (the desk's work) and ``retention`` (the AVG).
"""

from .base import (
    ALLOWED_STEPS,
    ERASED_MESSAGE,
    SESSION_CAMPAIGN_KEY,
    IntakeError,
    RateLimited,
    retention_days,
)
from .request import (
    ADDRESS_LIMIT,
    DOUBLE_SUBMIT_WINDOW,
    LIMIT_PERIOD,
    NETWORK_LIMIT,
    SESSION_LIMIT,
    campaign_for,
    link_requests_of,
    request_intake,
)
from .retention import anonymise, erase_expired, erase_for_member
from .steps import mark_held, plan, refer, save_notes

__all__ = [
    "ADDRESS_LIMIT",
    "ALLOWED_STEPS",
    "DOUBLE_SUBMIT_WINDOW",
    "ERASED_MESSAGE",
    "IntakeError",
    "LIMIT_PERIOD",
    "NETWORK_LIMIT",
    "RateLimited",
    "SESSION_CAMPAIGN_KEY",
    "SESSION_LIMIT",
    "anonymise",
    "campaign_for",
    "erase_expired",
    "erase_for_member",
    "link_requests_of",
    "mark_held",
    "plan",
    "refer",
    "request_intake",
    "retention_days",
    "save_notes",
]
