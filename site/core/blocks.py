"""The block library of the site pages: one ``BaseStreamBlock`` shared by every page body.

Each block is a ``StructBlock`` with its own template under ``templates/core/blocks/``; page
templates render them with ``{% include_block %}`` so ``request`` and ``page`` reach them.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        template = "core/blocks/paragraph_block.html"
        description = _("Lopende tekst met tussenkoppen, lijstjes en links.")
        preview_value = {
            "text": "<h2>Samen kom je verder</h2><p>Ondernemers leren het meest van elkaar.</p>",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        required=False,
        max_length=200,
        help_text=_("Wat staat er op de foto? Leeg: de beschrijving van de afbeelding."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "core/blocks/image_block.html"
        description = _("Een foto met een kort onderschrift.")
        preview_value = {"caption": "Ondernemers in gesprek tijdens een bijeenkomst."}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"), max_length=600)
    author = blocks.CharBlock(label=_("naam"), required=False, max_length=120)
    role = blocks.CharBlock(
        label=_("functie of bedrijf"),
        required=False,
        max_length=160,
        help_text=_("Bijvoorbeeld: eigenaar van een installatiebedrijf met 12 medewerkers."),
    )

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "core/blocks/quote_block.html"
        description = _("Een uitspraak van een ondernemer, met naam en bedrijf.")
        preview_value = {
            "text": "Eén avond met collega-ondernemers leverde me meer op dan een jaar piekeren.",
            "author": "Sanne de Vries",
            "role": "eigenaar van een bakkerij met 14 medewerkers",
        }


class LinkStructValue(blocks.StructValue):
    # Not named ``url``: templates look up dictionary keys before methods.
    def link_url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("kop"), max_length=120)
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    page = blocks.PageChooserBlock(label=_("pagina"), required=False)
    url = blocks.URLBlock(label=_("of een webadres"), required=False)
    button_label = blocks.CharBlock(label=_("tekst op de knop"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Oproep")
        template = "core/blocks/call_to_action_block.html"
        description = _("Een opvallende oproep met één knop naar een pagina of webadres.")
        value_class = LinkStructValue
        preview_value = {
            "heading": "Sluit je aan bij ondernemers zoals jij",
            "text": "Kom naar een bijeenkomst en ontdek wat anderen al hebben uitgezocht.",
            "url": "https://www.kvk.nl/",
            "button_label": "Word lid",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Kies een pagina óf vul een webadres in.")
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ErrorList([ValidationError(message)]),
                    "url": ErrorList([ValidationError(message)]),
                }
            )
        return value


class EmbedBlock(blocks.StructBlock):
    embed = WagtailEmbedBlock(
        label=_("webadres van de video of post"),
        help_text=_("Bijvoorbeeld een YouTube- of Vimeo-link."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video of post")
        template = "core/blocks/embed_block.html"
        description = _("Een video of bericht van een ander platform, zoals YouTube.")
        preview_value = {"caption": "Een ondernemer vertelt over de intervisiegroep."}


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock()
