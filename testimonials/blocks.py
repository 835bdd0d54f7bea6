"""Blocks of the testimonials app, for any page that has a StreamField of a later or equal layer.

``TestimonialsBlock`` shows chosen experiences, or the newest of a theme, or the newest overall;
``AmbassadorBlock`` places one ambassador. Both ask at render time what may be shown, so a
withdrawn consent takes the experience off every page at once. ``CaseStreamBlock`` is the body of
a case: the site's blocks plus the sections of a case story.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from loket.core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("kop"), required=False, max_length=120)
    source = blocks.ChoiceBlock(
        label=_("welke ervaringen"),
        choices=[
            ("chosen", _("Zelf gekozen")),
            ("theme", _("De nieuwste van een thema")),
            ("latest", _("De nieuwste van alle thema's")),
        ],
        default="chosen",
    )
    experiences = blocks.ListBlock(
        SnippetChooserBlock("testimonials.Experience"),
        label=_("gekozen ervaringen"),
        required=False,
        help_text=_("Alleen goedgekeurde ervaringen met toestemming voor de website verschijnen."),
    )
    theme = SnippetChooserBlock("themes.Theme", label=_("thema"), required=False)
    count = blocks.IntegerBlock(label=_("aantal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "openquote"
        label = _("Ervaringen van ondernemers")
        template = "testimonials/blocks/testimonials_block.html"
        description = _("Citaten van ondernemers: zelf gekozen of de nieuwste van een thema.")
        preview_value = {"heading": "Wat ondernemers zeggen", "source": "latest", "count": 3}

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("source") == "chosen" and not value.get("experiences"):
            errors["experiences"] = ErrorList(
                [ValidationError(_("Kies minstens één ervaring, of kies 'de nieuwste'."))]
            )
        if value.get("source") == "theme" and not value.get("theme"):
            errors["theme"] = ErrorList([ValidationError(_("Kies het thema."))])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        # local import: the services import the models, and the case page imports these blocks.
        from .services import experiences_for_block

        context = super().get_context(value, parent_context=parent_context)
        context["experiences"] = experiences_for_block(value)
        return context


class AmbassadorBlock(blocks.StructBlock):
    ambassador = SnippetChooserBlock("testimonials.Ambassador", label=_("ambassadeur"))
    show_offer = blocks.BooleanBlock(
        label=_("toon wat de ambassadeur aanbiedt"), required=False, default=True
    )

    class Meta:
        icon = "user"
        label = _("Ambassadeur")
        template = "testimonials/blocks/ambassador_block.html"
        description = _("Eén ambassadeur met foto, citaat en wat die aanbiedt.")

    def get_context(self, value, parent_context=None):
        # local import: the services import the models, and the case page imports these blocks.
        from .services import ambassadors_url, public_ambassador

        context = super().get_context(value, parent_context=parent_context)
        context["ambassador"] = public_ambassador(value.get("ambassador"))
        url = ambassadors_url() if context["ambassador"] else None
        if url:
            context["ambassadors_url"] = url
        return context


CASE_SECTIONS = [
    ("intro", _("Introductie")),
    ("challenge", _("De uitdaging")),
    ("approach", _("Wat het loket en collega-ondernemers deden")),
    ("result", _("Het resultaat")),
]


class CaseSectionValue(blocks.StructValue):
    def kind_label(self):
        return dict(CASE_SECTIONS).get(self.get("kind"), "")


class CaseSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("onderdeel"), choices=CASE_SECTIONS)
    heading = blocks.CharBlock(
        label=_("kop"),
        required=False,
        max_length=120,
        help_text=_("Leeg: de naam van het onderdeel."),
    )
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Onderdeel van de case")
        template = "testimonials/blocks/case_section_block.html"
        description = _("Uitdaging, aanpak of resultaat, met een eigen kop.")
        value_class = CaseSectionValue


class CaseStreamBlock(BaseStreamBlock):
    section = CaseSectionBlock()
    testimonials = TestimonialsBlock()
    ambassador = AmbassadorBlock()
