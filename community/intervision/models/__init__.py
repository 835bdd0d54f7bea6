"""Models of the intervision app, one module per concern: groups and facilitators, members,
sessions and their content, and the one page. Import every model here so Django finds them.
"""

from .groups import (
    DAY_PART_CODES,
    DAY_PARTS,
    SIZE_CEILING,
    SIZE_FLOOR,
    Facilitator,
    GroupFormat,
    GroupStatus,
    IntervisionGroup,
    Method,
)
from .members import (
    ApplicationStatus,
    ExperienceDisplay,
    IntervisionApplication,
    IntervisionParticipant,
)
from .sessions import (
    IntervisionCase,
    IntervisionSession,
    SessionAction,
    SessionAttendance,
    SessionNote,
)

# The page last: it imports the views, which import the modules above.
from .pages import IntervisionIndexPage  # isort: skip

__all__ = [
    "DAY_PARTS",
    "DAY_PART_CODES",
    "SIZE_CEILING",
    "SIZE_FLOOR",
    "ApplicationStatus",
    "ExperienceDisplay",
    "Facilitator",
    "GroupFormat",
    "GroupStatus",
    "IntervisionApplication",
    "IntervisionCase",
    "IntervisionGroup",
    "IntervisionIndexPage",
    "IntervisionParticipant",
    "IntervisionSession",
    "Method",
    "SessionAction",
    "SessionAttendance",
    "SessionNote",
]
