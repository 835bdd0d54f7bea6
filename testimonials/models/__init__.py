"""Experiences, the consent behind them, the moderation log, published cases and ambassadors.

One module per concern; every model and choice is exported here so ``testimonials.models.X``
keeps working. An ``Experience`` is what an entrepreneur wrote; whether it may be shown anywhere
is decided by ``testimonials.services.is_publishable`` from its status and its ``Consent`` rows.
The website answer is kept in ``Experience.is_public`` (written only by the services) so every
public query is a plain filter. Consent rows are append-only: a withdrawal is a new row.

The page module comes last (kept there by ``isort: split``): it imports the views, which import
the modules above.
"""

from .ambassadors import Ambassador, AmbassadorQuerySet
from .cases import CaseExperience, CaseJourneyStep, CasePage, JourneyPhase
from .choices import (
    EMOTION_VALENCE,
    PRIVATE_FEEDBACK_MAX_SCORE,
    VIDEO_HOSTS,
    Channel,
    DisplayMode,
    Emotion,
    Status,
    SubjectKind,
    validate_video_url,
)
from .experiences import (
    Consent,
    Experience,
    ExperienceQuerySet,
    ModerationLog,
    experience_photo_path,
)

# isort: split
# Last: the page module imports the views, which import the models above from this package.
from .pages import TestimonialsIndexPage

__all__ = [
    "EMOTION_VALENCE",
    "PRIVATE_FEEDBACK_MAX_SCORE",
    "VIDEO_HOSTS",
    "Ambassador",
    "AmbassadorQuerySet",
    "CaseExperience",
    "CaseJourneyStep",
    "CasePage",
    "Channel",
    "Consent",
    "DisplayMode",
    "Emotion",
    "Experience",
    "ExperienceQuerySet",
    "JourneyPhase",
    "ModerationLog",
    "Status",
    "SubjectKind",
    "TestimonialsIndexPage",
    "experience_photo_path",
    "validate_video_url",
]
