"""The stream block of a campaign page: every campaign block under its name.
The names are stored in the page's content; renaming one loses that content."""

from wagtail import blocks

from .actions import IntakeRequestBlock, LimitedOfferBlock, ScanBlock, SignUpBlock, TipBlock
from .content import CampaignCallToActionBlock, FaqBlock, HeroBlock, TeaserBlock
from .showcase import (
    CampaignAmbassadorBlock,
    CampaignTestimonialsBlock,
    CommunitiesBlock,
    UpcomingEventsBlock,
)


class CampaignStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    teaser = TeaserBlock()
    testimonials = CampaignTestimonialsBlock()
    ambassador = CampaignAmbassadorBlock()
    events = UpcomingEventsBlock()
    communities = CommunitiesBlock()
    signup = SignUpBlock()
    intake = IntakeRequestBlock()
    scan = ScanBlock()
    tip = TipBlock()
    offer = LimitedOfferBlock()
    faq = FaqBlock()
    cta = CampaignCallToActionBlock()
