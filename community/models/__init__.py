"""Models of the community app, one module per concern.

Import every model below so Django and Wagtail find them under ``community.models``;
intervision has its own app (``community.intervision``).
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
from .proposals import ProposalVote, TopicProposal

__all__ = [
    "CommunityEvent",
    "CommunityIndexPage",
    "CommunityPage",
    "ContactMessage",
    "Flag",
    "Membership",
    "MembershipPolicy",
    "ModerationAction",
    "ProposalVote",
    "Reply",
    "Thread",
    "ThreadFollow",
    "TopicProposal",
]
