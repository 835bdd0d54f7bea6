"""The blocks editors build a fitheidscan from: theme questions with weighted answers, one
question about the phase of the business, and advice texts per theme."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import Phase

MAX_SCORE = 4


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("antwoord"), max_length=160)
    score = blocks.IntegerBlock(
        label=_("punten"),
        min_value=0,
        max_value=MAX_SCORE,
        help_text=_("0 = hier valt nog veel te winnen, 4 = dit is goed geregeld."),
    )


class ThemeQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("vraag"), max_length=200)
    help = blocks.CharBlock(label=_("toelichting"), max_length=240, required=False)
    theme = SnippetChooserBlock("themes.Theme", label=_("thema"))
    weight = blocks.IntegerBlock(
        label=_("gewicht"),
        default=1,
        min_value=1,
        max_value=3,
        help_text=_("Hoe zwaar deze vraag meetelt in de score van het thema (1 tot 3)."),
    )
    options = blocks.ListBlock(OptionBlock(), label=_("antwoorden"), min_num=2, max_num=6)

    class Meta:
        icon = "help"
        label = _("vraag over een thema")


class PhaseOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("antwoord"), max_length=160)
    phase = blocks.ChoiceBlock(choices=Phase.choices, label=_("fase"))


class PhaseQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("vraag"), max_length=200)
    help = blocks.CharBlock(label=_("toelichting"), max_length=240, required=False)
    options = blocks.ListBlock(PhaseOptionBlock(), label=_("antwoorden"), min_num=2, max_num=8)

    class Meta:
        icon = "pick"
        label = _("vraag over de fase van het bedrijf")


class QuestionsBlock(blocks.StreamBlock):
    theme_question = ThemeQuestionBlock()
    phase_question = PhaseQuestionBlock()

    class Meta:
        block_counts = {"phase_question": {"max_num": 1}}


class AdviceBlock(blocks.StructBlock):
    theme = SnippetChooserBlock("themes.Theme", label=_("thema"))
    strength = blocks.TextBlock(
        label=_("bij een sterk punt"),
        max_length=400,
        help_text=_("Wat de ondernemer leest als dit thema bij de sterkste hoort."),
    )
    attention = blocks.TextBlock(
        label=_("bij een aandachtspunt"),
        max_length=400,
        help_text=_("Wat de ondernemer leest als dit thema aandacht vraagt."),
    )

    class Meta:
        icon = "tip"
        label = _("advies bij een thema")


class AdviceStreamBlock(blocks.StreamBlock):
    advice = AdviceBlock()
