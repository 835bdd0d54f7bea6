"""Content blocks an editor writes: the opening question, text, questions and answers,
and the call to action."""

import json

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from loket.core.blocks import RICH_TEXT_FEATURES, CallToActionBlock

from .base import UNSAFE_LINK_MESSAGE, Phase, SafeLinkStructValue, is_safe_link, phase_block


class HeroBlock(blocks.StructBlock):
    phase = phase_block(Phase.MAKE_KNOWN)
    question = blocks.CharBlock(
        label=_("prikkelende vraag"),
        max_length=120,
        help_text=_("Bijvoorbeeld: Waarom kan ik je online niet vinden?"),
    )
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    image = ImageChooserBlock(label=_("foto"), required=False)
    button_label = blocks.CharBlock(label=_("tekst op de knop"), required=False, max_length=60)
    page = blocks.PageChooserBlock(label=_("knop verwijst naar"), required=False)
    url = blocks.CharBlock(
        label=_("of een webadres of anker"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld #aanmelden om naar het formulier verderop te springen."),
    )

    class Meta:
        icon = "title"
        label = _("Opening met een vraag")
        template = "campaigns/blocks/hero_block.html"
        description = _("Een grote, prikkelende vraag bovenaan, met een knop.")
        value_class = SafeLinkStructValue
        preview_value = {
            "phase": Phase.MAKE_KNOWN,
            "question": "Waarom kan ik je online niet vinden?",
            "text": "Een kritische blik van een collega-ondernemer laat je zien wat je zelf mist.",
            "button_label": "Vraag een gratis gesprek aan",
            "url": "#gesprek",
        }

    def clean(self, value):
        value = super().clean(value)
        url = value.get("url")
        if url and not is_safe_link(url):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(UNSAFE_LINK_MESSAGE)])}
            )
        return value


class TeaserBlock(blocks.StructBlock):
    phase = phase_block(Phase.MAKE_KNOWN)
    heading = blocks.CharBlock(label=_("kop"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        template = "campaigns/blocks/teaser_block.html"
        description = _("Een korte, prikkelende tekst met een kop.")
        preview_value = {
            "phase": Phase.INFORM,
            "heading": "Je weet alles van je vak",
            "text": "<p>Maar hoe kijkt een klant naar je bedrijf? Ondernemers helpen elkaar.</p>",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("vraag"), max_length=200)
    answer = blocks.TextBlock(label=_("antwoord"), max_length=1500)

    class Meta:
        icon = "help"
        label = _("Vraag en antwoord")


class FaqBlock(blocks.StructBlock):
    phase = phase_block(Phase.INFORM)
    heading = blocks.CharBlock(label=_("kop"), max_length=120, default="Veelgestelde vragen")
    items = blocks.ListBlock(FaqItemBlock(), label=_("vragen"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Veelgestelde vragen")
        template = "campaigns/blocks/faq_block.html"
        description = _("Vragen en antwoorden; zoekmachines krijgen ze als FAQ mee.")
        preview_value = {
            "phase": Phase.INFORM,
            "heading": "Veelgestelde vragen",
            "items": [{"question": "Wat kost het?", "answer": "Niets: het loket is gratis."}],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
                }
                for item in value.get("items") or []
            ],
        }
        # Escaped like Django's json_script, so an answer cannot close the <script> element.
        text = json.dumps(data, ensure_ascii=False)
        text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
        context["json_ld"] = mark_safe(text)  # noqa: S308 - escaped above
        return context


class CampaignCallToActionBlock(CallToActionBlock):
    phase = phase_block(Phase.CONVINCE)

    class Meta:
        preview_value = {**CallToActionBlock._meta_class.preview_value, "phase": Phase.CONVINCE}
