"""The rules of satisfaction: asking once per contact, answering once, alerts and experiences
(``asking``), and the figures of the Tevredenheid view (``reporting``)."""

from .asking import (
    Contact,
    RatingError,
    answer_from_follow_up,
    experience_offer,
    offer_experience,
    rating_from_token,
    request_rating,
    submit_rating,
)
from .reporting import Period, Report, report, staff_scope, write_csv

__all__ = [
    "Contact",
    "Period",
    "RatingError",
    "Report",
    "answer_from_follow_up",
    "experience_offer",
    "offer_experience",
    "rating_from_token",
    "report",
    "request_rating",
    "staff_scope",
    "submit_rating",
    "write_csv",
]
