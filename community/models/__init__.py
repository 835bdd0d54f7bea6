"""Models of the community app, one module per concern.

Intervision (a later issue) adds its own module here; import every model below so Django and
Wagtail find them under ``community.models``.
"""

from .communities import (
    CommunityEvent,
    CommunityIndexPage,
    CommunityPage,
    ContactMessage,
    Membership,
    MembershipPolicy,
)
from .discussions import Flag, ModerationAction, Reply, Thread, ThreadFollow
from .intervision import (
    Facilitator,
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionIndexPage,
    IntervisionParticipant,
    IntervisionSession,
    SessionAction,
    SessionAttendance,
    SessionNote,
)
from .proposals import ProposalVote, TopicProposal

__all__ = [
    "CommunityEvent",
    "CommunityIndexPage",
    "CommunityPage",
    "ContactMessage",
    "Facilitator",
    "Flag",
    "IntervisionApplication",
    "IntervisionCase",
    "IntervisionGroup",
    "IntervisionIndexPage",
    "IntervisionParticipant",
    "IntervisionSession",
    "SessionAction",
    "SessionAttendance",
    "SessionNote",
    "Membership",
    "MembershipPolicy",
    "ModerationAction",
    "ProposalVote",
    "Reply",
    "Thread",
    "ThreadFollow",
    "TopicProposal",
]
