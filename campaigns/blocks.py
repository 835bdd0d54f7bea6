"""The blocks of a campaign page; each section names the campaign phase it serves."""


from wagtail import blocks

from loket.core.blocks import ParagraphBlock


class CampaignStreamBlock(blocks.StreamBlock):
    text = ParagraphBlock()

    class Meta:
        block_counts = {}
