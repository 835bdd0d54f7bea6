"""Models of the community app, one module per concern.

Every model is imported below so Django and Wagtail find them under ``community.models``. The
page classes (``pages``) come last: they import the views, which import the other models.
Intervision has its own app (``community.intervision``).
"""

from .communities import CommunityEvent, ContactMessage, Membership, MembershipPolicy
from .discussions import (
    Flag,
    ModerationAction,
    PostRevision,
    QuestionMark,
    Reply,
    Thread,
    ThreadFollow,
)
from .faq import FaqPage
from .proposals import ProposalVote, TopicProposal

# isort: split
# Last: the page module imports the views, which import the models above from this package.
from .pages import CommunityIndexPage, CommunityPage

__all__ = [
    "CommunityEvent",
    "CommunityIndexPage",
    "CommunityPage",
    "ContactMessage",
    "FaqPage",
    "Flag",
    "Membership",
    "MembershipPolicy",
    "ModerationAction",
    "PostRevision",
    "ProposalVote",
    "QuestionMark",
    "Reply",
    "Thread",
    "ThreadFollow",
    "TopicProposal",
]
