"""The rules of intervision, one module per concern, called by views, the admin, tasks and tests.

``applications`` (applying, withdrawing), ``rounds`` (a matching round's proposal), ``confirmation``
(storing a round and mailing everyone), ``space`` (cases, sessions, attendance, leaving, rating),
``notes_actions`` (session notes and agreed actions) and ``reminders`` (the day-before mail);
``matching`` is the pure matching itself and ``base`` what they share. Refusals raise
:class:`community.services.CommunityError` with a Dutch message.
"""

from community.services import CommunityError

from . import matching
from .applications import apply, groups_of, open_groups, withdraw
from .base import (
    CONSENT_TEXT,
    EXPERIENCE_CONSENT_TEXT,
    LEADING,
    MANAGE_PERMISSION,
    active_participant,
    can_see_group,
    consent_text,
    experience_consent_text,
    is_manager,
    next_session,
    size_limits,
)
from .confirmation import announce_participant, confirm_round, explanation_for
from .notes_actions import (
    action_owners,
    add_action,
    add_note,
    can_write_notes,
    delete_note,
    set_action_done,
)
from .reminders import send_session_reminders, session_calendar, session_summary
from .rounds import (
    Round,
    facilitator_pool,
    forming_groups,
    proposed_facilitators,
    run_round,
    to_applicant,
    to_facilitator,
    to_group,
    waiting_applications,
)
from .space import (
    can_take_attendance,
    leave,
    rate_group,
    record_attendance,
    record_session_attendance,
    schedule_session,
    submit_case,
)

__all__ = [
    "announce_participant",
    "CONSENT_TEXT",
    "CommunityError",
    "EXPERIENCE_CONSENT_TEXT",
    "LEADING",
    "MANAGE_PERMISSION",
    "Round",
    "action_owners",
    "active_participant",
    "add_action",
    "add_note",
    "apply",
    "can_see_group",
    "can_take_attendance",
    "can_write_notes",
    "confirm_round",
    "consent_text",
    "delete_note",
    "experience_consent_text",
    "explanation_for",
    "facilitator_pool",
    "forming_groups",
    "groups_of",
    "is_manager",
    "leave",
    "matching",
    "next_session",
    "open_groups",
    "proposed_facilitators",
    "rate_group",
    "record_attendance",
    "record_session_attendance",
    "run_round",
    "schedule_session",
    "send_session_reminders",
    "session_calendar",
    "session_summary",
    "set_action_done",
    "size_limits",
    "submit_case",
    "to_applicant",
    "to_facilitator",
    "to_group",
    "waiting_applications",
    "withdraw",
]
