"""Services of the fitheidscan: versions, scoring, results, next steps and staff figures."""

from .aggregates import RegionFigures, region_figures, sites_for_staff
from .base import ScanError
from .next_steps import intervision_url, next_steps
from .results import (
    SESSION_PENDING,
    SESSION_RESULTS,
    claim_pending,
    keep_for_signup,
    mail_result,
    may_see,
    member_results,
    record_result,
    result_from_token,
    save_to_account,
    taken_here,
)
from .scoring import (
    field_name,
    phase_label,
    read_answers,
    strengths_and_attention,
    theme_scores,
    weakest_theme_ids,
)
from .versions import current_version, snapshot

__all__ = [
    "SESSION_PENDING",
    "SESSION_RESULTS",
    "RegionFigures",
    "ScanError",
    "claim_pending",
    "current_version",
    "field_name",
    "intervision_url",
    "keep_for_signup",
    "mail_result",
    "may_see",
    "member_results",
    "next_steps",
    "phase_label",
    "read_answers",
    "record_result",
    "region_figures",
    "result_from_token",
    "save_to_account",
    "sites_for_staff",
    "snapshot",
    "strengths_and_attention",
    "taken_here",
    "theme_scores",
    "weakest_theme_ids",
]
