"""The "veelgestelde vragen" page: questions from the communities, answered by the desk.

A page type with one StreamField of question-and-answer blocks, so editors publish it as any
page (with revisions and preview). The radar adds a question to it as a draft revision; an editor
checks the answer and publishes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from loket.core.models import SeoMixin


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("vraag"), max_length=200)
    answer = blocks.RichTextBlock(
        label=_("antwoord"), features=["bold", "italic", "ol", "ul", "link"]
    )

    class Meta:
        icon = "help"
        label = _("vraag en antwoord")
        template = "community/blocks/faq_block.html"
        preview_value = {
            "question": "Mag ik een medewerker op een nulurencontract zetten?",
            "answer": "<p>Ja, maar na een jaar moet je een vast aantal uren aanbieden.</p>",
        }
        description = _("Een veelgestelde vraag met het antwoord van het loket.")


class FaqStreamBlock(blocks.StreamBlock):
    faq = FaqBlock()


class FaqPage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """``/veelgestelde-vragen/``: what entrepreneurs in the communities ask most, answered."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    questions = StreamField(FaqStreamBlock(), verbose_name=_("vragen"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("questions")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("questions"),
    ]

    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("veelgestelde vragen")
        verbose_name_plural = _("pagina's met veelgestelde vragen")
