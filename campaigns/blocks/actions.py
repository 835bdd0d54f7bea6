"""Blocks a visitor acts on: signing up, asking for an intake, taking the fitheidscan, tipping
someone, and a limited offer."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from community.scan.models import ScanPage
from loket.intake.forms import IntakeRequestForm
from loket.themes.models import all_themes

from ..forms import TipForm
from .base import Phase, _page, _privacy_url, phase_block


class SignUpBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    heading = blocks.CharBlock(label=_("kop"), max_length=120, default="Word gratis lid")
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    button_label = blocks.CharBlock(label=_("tekst op de knop"), max_length=60, default="Aanmelden")

    class Meta:
        icon = "user"
        label = _("Aanmeldformulier")
        template = "campaigns/blocks/signup_block.html"
        description = _("Aanmelden als lid, direct op de campagnepagina.")
        preview_value = {"phase": Phase.CONVINCE, "heading": "Word gratis lid"}

    def get_context(self, value, parent_context=None):
        # local import: the accounts forms need every model loaded; these blocks load with models
        from loket.accounts.forms import SignUpForm

        context = super().get_context(value, parent_context=parent_context)
        context["form"] = SignUpForm(auto_id="aanmelden-%s")
        context["privacy_url"] = _privacy_url((parent_context or {}).get("request"))
        return context


def intake_form_class():
    """The intake request form of ``loket.intake`` that the block renders."""
    return IntakeRequestForm


class IntakeRequestBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    heading = blocks.CharBlock(
        label=_("kop"), max_length=120, default="Vraag een gratis intakegesprek aan"
    )
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    button_label = blocks.CharBlock(
        label=_("tekst op de knop"), max_length=60, default="Gesprek aanvragen"
    )

    class Meta:
        icon = "mail"
        label = _("Aanvraag intakegesprek")
        template = "campaigns/blocks/intake_block.html"
        description = _("Het formulier voor een gratis intakegesprek, met de campagnecode.")
        preview_value = {"phase": Phase.CONVINCE, "heading": "Vraag een gratis intakegesprek aan"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        form_class = intake_form_class()
        try:
            action = reverse("intake:request")
        except NoReverseMatch:
            action = None
        if form_class is None or action is None:
            context["form"] = None
            return context
        page = _page(parent_context)
        initial = {"campaign": getattr(page, "code", "")}
        # The id is enough for the initial choice: no query for the theme itself.
        theme_id = getattr(page, "theme_id", None)
        if theme_id is not None:
            initial["theme"] = theme_id
        form = form_class(initial=initial, auto_id="gesprek-%s")
        theme_field = form.fields.get("theme")
        if theme_field is not None and not theme_field.queryset.query.where:
            # Every theme, from those the page's blocks share; checking a posted choice still
            # goes through the field's queryset.
            blank = [] if theme_field.empty_label is None else [("", theme_field.empty_label)]
            themes = [(theme.pk, str(theme)) for theme in all_themes().values()]
            theme_field.choices = [*blank, *themes]
        context["form"] = form
        context["action"] = action
        # Per site, never per visitor: the page stays the same HTML for everybody.
        request = (parent_context or {}).get("request")
        context["privacy_url"] = _privacy_url(request)
        if page is not None:
            context["next_url"] = page.get_url(request) if request is not None else page.url
        return context


class TipBlock(blocks.StructBlock):
    phase = phase_block(Phase.WORD_OF_MOUTH)
    heading = blocks.CharBlock(
        label=_("kop"), max_length=120, default="Tip een ondernemer die je kent"
    )
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)

    class Meta:
        icon = "mail"
        label = _("Tip een ander")
        template = "campaigns/blocks/tip_block.html"
        description = _(
            "Leden zien hun eigen tiplink en een formulier; bezoekers een uitnodiging om in te "
            "loggen."
        )
        preview_value = {"phase": Phase.WORD_OF_MOUTH, "heading": "Tip een ondernemer"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["form"] = TipForm(auto_id="tip-%s")
        return context


class LimitedOfferBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    offer = SnippetChooserBlock("campaigns.LimitedOffer", label=_("beperkt aanbod"))
    button_label = blocks.CharBlock(
        label=_("tekst op de knop"), max_length=60, default="Claim je plek"
    )

    class Meta:
        icon = "pick"
        label = _("Beperkt aanbod")
        template = "campaigns/blocks/offer_block.html"
        description = _("Een aanbod voor de eerste aanmelders, met een teller van de plekken.")

    def get_context(self, value, parent_context=None):
        # local import: landing imports the pages module, which imports these blocks
        from ..landing import offer_state

        context = super().get_context(value, parent_context=parent_context)
        offer = value.get("offer")
        context["state"] = offer_state(offer) if offer is not None else None
        return context


class ScanBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    heading = blocks.CharBlock(label=_("kop"), max_length=120, default="Doe de fitheidscan")
    text = blocks.TextBlock(
        label=_("tekst"),
        required=False,
        max_length=400,
        default="Zie in vijf minuten waar je bedrijf sterk staat en welke ondernemers je verder "
        "helpen. Zonder account.",
    )
    button_label = blocks.CharBlock(
        label=_("tekst op de knop"), max_length=60, default="Start de scan"
    )

    class Meta:
        icon = "tasks"
        label = _("Doe de fitheidscan")
        template = "campaigns/blocks/scan_block.html"
        description = _("Een knop naar de fitheidscan van de regio van de bezoeker.")
        preview_value = {"phase": Phase.CONVINCE, "heading": "Doe de fitheidscan"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # One query: the scan page serves its own view restriction, if it ever has one.
        scans = ScanPage.objects.live()
        if request is not None:
            scans = scans.in_site(Site.find_for_request(request))
        scan = scans.first()
        context["scan_url"] = scan.get_url(request) if scan is not None else None
        return context
