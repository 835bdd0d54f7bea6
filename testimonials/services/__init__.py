"""The rules of experiences: sharing, consent, moderation, quote edits and what may be shown.

Views, the admin, tasks and tests all call these functions; one module per concern, every public
name exported here. Whether an experience may appear on a channel is decided in one place
(``consent.is_publishable``); for the website the answer is stored in ``Experience.is_public`` by
``refresh_visibility`` after every change, so public queries are a plain filter and a withdrawal
takes effect everywhere at once.
"""

from .base import (
    GENERATION_KEY,
    ExperienceError,
    ambassadors_url,
    cache_generation,
    desk_address,
    forget_ambassadors_url,
    index_page,
    manage_url,
)
from .consent import (
    CONSENT_TEXTS,
    consent_text,
    current_channels,
    is_publishable,
    purge_public_pages,
    record_consent,
    refresh_visibility,
    unpublish_cases_of,
    withdraw_consent,
)
from .display import (
    case_queryset,
    cases_for_theme,
    experiences_for_block,
    for_event,
    for_theme,
    latest,
    public_ambassador,
    rating,
    request_ambassador_conversation,
)
from .moderation import (
    accept_quote_edit,
    answer_question,
    approve,
    ask_question,
    mark_followed_up,
    propose_quote_edit,
    reject,
)
from .sharing import (
    SHARE_MAX_AGE,
    SHARE_SALT,
    ShareLink,
    read_share_link,
    share_experience_url,
    share_token,
)
from .submission import submit_experience

__all__ = [
    "ambassadors_url",
    "forget_ambassadors_url",
    "CONSENT_TEXTS",
    "GENERATION_KEY",
    "SHARE_MAX_AGE",
    "SHARE_SALT",
    "ExperienceError",
    "ShareLink",
    "accept_quote_edit",
    "answer_question",
    "approve",
    "ask_question",
    "cache_generation",
    "case_queryset",
    "cases_for_theme",
    "consent_text",
    "current_channels",
    "desk_address",
    "experiences_for_block",
    "for_event",
    "for_theme",
    "index_page",
    "is_publishable",
    "latest",
    "manage_url",
    "mark_followed_up",
    "propose_quote_edit",
    "public_ambassador",
    "purge_public_pages",
    "rating",
    "read_share_link",
    "record_consent",
    "refresh_visibility",
    "reject",
    "request_ambassador_conversation",
    "share_experience_url",
    "share_token",
    "submit_experience",
    "unpublish_cases_of",
    "withdraw_consent",
]
