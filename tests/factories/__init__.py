"""Factories shared by the whole suite (factory_boy): accounts, pages, events, communities,
experiences and campaigns. Conftest builders call these; tests may use them directly."""

from .accounts import PASSWORD, MemberFactory, ProfileFactory, UserFactory
from .campaigns import CampaignIndexPageFactory, CampaignPageFactory
from .community import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    IntervisionIndexPageFactory,
    MembershipFactory,
)
from .events import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from .pages import PageFactory, default_home, publish
from .testimonials import ExperienceFactory, ExperienceIndexPageFactory

__all__ = [
    "PASSWORD",
    "CampaignIndexPageFactory",
    "CampaignPageFactory",
    "CommunityIndexPageFactory",
    "CommunityPageFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "ExperienceFactory",
    "IntervisionIndexPageFactory",
    "MemberFactory",
    "MembershipFactory",
    "PageFactory",
    "ProfileFactory",
    "RegistrationFactory",
    "ExperienceIndexPageFactory",
    "UserFactory",
    "default_home",
    "publish",
]
