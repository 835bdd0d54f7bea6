"""What happens in the partners app: the directory, warm handovers and follow-up calls.

Views, the admin, tasks, receivers and tests call these functions; other apps call
:func:`schedule_follow_up` (a held booking or speedconsult) and nothing else. The modules:
``base`` (errors, regions of staff), ``handover`` (consent, introduction mail, the partner's
confirmation and the alert when it stays out), ``follow_up`` (Nabellen) and ``rating`` (when a
handover of each tier is rated).
"""

from .base import PartnerError, region_of, staff_sites
from .follow_up import follow_up_days, follow_ups_for, record_outcome, schedule_follow_up
from .handover import (
    alert_unconfirmed,
    confirm,
    consent_text,
    contacts_for,
    hand_over,
    handover_from_token,
)
from .rating import ask_after_followed_up_handovers

__all__ = [
    "PartnerError",
    "alert_unconfirmed",
    "ask_after_followed_up_handovers",
    "confirm",
    "consent_text",
    "contacts_for",
    "follow_up_days",
    "follow_ups_for",
    "hand_over",
    "handover_from_token",
    "record_outcome",
    "region_of",
    "schedule_follow_up",
    "staff_sites",
]
