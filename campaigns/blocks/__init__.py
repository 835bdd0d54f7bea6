"""The blocks of a campaign page; each section names the campaign phase it serves.

Every block has a ``phase`` (bekend maken → informeren → overtuigen tot actie → word of mouth);
the page template puts it on the section as ``data-phase`` so attribution can tell which phase a
click came from. The blocks render the same HTML for every visitor: what depends on who looks
(the CSRF token of a form, the member's own tip link, whether they already claimed an offer)
is filled in by a small script from the campaign's status URL (see ``campaigns.page_views``).

Every block stays importable as ``campaigns.blocks.<Name>``. The modules: ``base`` (phases,
safe links, shared helpers), ``content`` (text, the opening, questions, calls to action),
``showcase`` (experiences, ambassadors, events, communities), ``actions`` (the forms and
offers a visitor acts on) and ``stream`` (the page's stream block).
"""

from .actions import IntakeRequestBlock, LimitedOfferBlock, SignUpBlock, TipBlock, intake_form_class
from .base import (
    SAFE_LINK,
    UNSAFE_LINK_MESSAGE,
    Phase,
    SafeLinkStructValue,
    is_safe_link,
    phase_block,
)
from .content import CampaignCallToActionBlock, FaqBlock, FaqItemBlock, HeroBlock, TeaserBlock
from .showcase import (
    CampaignAmbassadorBlock,
    CampaignTestimonialsBlock,
    CommunitiesBlock,
    UpcomingEventsBlock,
)
from .stream import CampaignStreamBlock

__all__ = [
    "CampaignAmbassadorBlock",
    "CampaignCallToActionBlock",
    "CampaignStreamBlock",
    "CampaignTestimonialsBlock",
    "CommunitiesBlock",
    "FaqBlock",
    "FaqItemBlock",
    "HeroBlock",
    "IntakeRequestBlock",
    "LimitedOfferBlock",
    "Phase",
    "SAFE_LINK",
    "SafeLinkStructValue",
    "SignUpBlock",
    "TeaserBlock",
    "TipBlock",
    "UNSAFE_LINK_MESSAGE",
    "UpcomingEventsBlock",
    "intake_form_class",
    "is_safe_link",
    "phase_block",
]
