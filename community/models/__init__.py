"""Models of the community app, one module per concern.

Every model is imported below so Django and Wagtail find them under ``community.models``. The
page classes (``pages``) come last: they import the views, which import the other models.
"""

from .communities import CommunityEvent, ContactMessage, Membership, MembershipPolicy
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

# isort: split
# Last: the page module imports the views, which import the models above from this package.
from .pages import CommunityIndexPage, CommunityPage

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
