"""The rules of registering: seats, waiting list, offers, cancelling, check-in, reminders.

Every change to who holds a seat follows one pattern: lock the event row, recount the seats from
the registration rows, then write. Two requests for the last seat therefore take turns, and the
order in which they get the lock is the order of arrival on the waiting list.

One module per concern; this package re-exports their public names, so
``from events.services import register_for_event`` and ``services.check_in(...)`` keep working.
"""

from .base import (
    RegistrationError,
    event_pages,
    lock_event,
    refund_seat_credits,
    registration_from_token,
    seat_counts,
    seat_reason,
    seats_held,
)
from .checkin import check_in
from .follow_up import (
    FOLLOW_UP_AFTER,
    FOLLOW_UP_WITHIN,
    feedback_results,
    send_follow_ups,
    submit_feedback,
)
from .invitations import MAX_NOTE_CHARS, accept_invitation, invite_to_event, purge_invitations
from .organiser import (
    MAX_MESSAGE_CHARS,
    add_by_staff,
    cancel_event,
    message_attendees,
    notify_event_cancelled,
    notify_schedule_change,
    remove_by_staff,
)
from .registration import (
    MAX_ANSWER_CHARS,
    active_registration,
    cancel_registration,
    clean_colleagues,
    leave_waiting_list,
    register_for_event,
)
from .reminders import DAY, WEEK, send_reminders
from .series import MAX_OCCURRENCES, SERIES_RULES, create_series, series_dates
from .waiting_list import claim_offer, expire_offers, promote_from_waiting_list

__all__ = [
    "DAY",
    "FOLLOW_UP_AFTER",
    "FOLLOW_UP_WITHIN",
    "MAX_ANSWER_CHARS",
    "MAX_MESSAGE_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_OCCURRENCES",
    "SERIES_RULES",
    "WEEK",
    "RegistrationError",
    "accept_invitation",
    "active_registration",
    "add_by_staff",
    "cancel_event",
    "cancel_registration",
    "check_in",
    "claim_offer",
    "clean_colleagues",
    "create_series",
    "event_pages",
    "expire_offers",
    "feedback_results",
    "invite_to_event",
    "leave_waiting_list",
    "lock_event",
    "message_attendees",
    "notify_event_cancelled",
    "notify_schedule_change",
    "promote_from_waiting_list",
    "purge_invitations",
    "refund_seat_credits",
    "register_for_event",
    "registration_from_token",
    "remove_by_staff",
    "seat_counts",
    "seat_reason",
    "seats_held",
    "send_follow_ups",
    "send_reminders",
    "series_dates",
    "submit_feedback",
]
