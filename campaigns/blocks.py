"""The blocks of a campaign page; each section names the campaign phase it serves.

Every block has a ``phase`` (bekend maken → informeren → overtuigen tot actie → word of mouth);
the page template puts it on the section as ``data-phase`` so attribution can tell which phase a
click came from. The blocks render the same HTML for every visitor: what depends on who looks
(the CSRF token of a form, the member's own tip link, whether they already claimed an offer)
is filled in by a small script from the campaign's status URL (see ``campaigns.page_views``).
"""

import json
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorList
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from loket.core.blocks import RICH_TEXT_FEATURES, CallToActionBlock, LinkStructValue
from testimonials.blocks import AmbassadorBlock, TestimonialsBlock


class Phase(models.TextChoices):
    MAKE_KNOWN = "bekend_maken", _("Bekend maken")
    INFORM = "informeren", _("Informeren")
    CONVINCE = "overtuigen", _("Overtuigen tot actie")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth stimuleren")


def phase_block(default):
    return blocks.ChoiceBlock(
        label=_("fase"),
        choices=Phase.choices,
        default=default,
        help_text=_("Welke fase van de campagne dit onderdeel dient; telt mee in de resultaten."),
    )


def _site(parent_context):
    request = (parent_context or {}).get("request")
    return Site.find_for_request(request) if request is not None else None


def _page(parent_context):
    return (parent_context or {}).get("page")


def _privacy_url(request):
    """The privacy statement of the request's site (the same for every visitor)."""
    from loket.accounts.privacy import current_statement

    return current_statement(request).url if request is not None else reverse("accounts:privacy")


def _theme(value, parent_context):
    """The block's own theme, else the campaign's."""
    if value.get("theme"):
        return value["theme"]
    page = _page(parent_context)
    return getattr(page, "theme", None) if page is not None else None


# A link an editor may type: an anchor on the page (#aanmelden), a path on this site (/agenda/,
# not //elders.nl), or a web address (https://…). Never javascript:, data: or other schemes.
SAFE_LINK = re.compile(
    r"^(?:#[\w-]+|/(?![/\\])[^\s\\]*|https?://[^\s\\/?#]+[^\s\\]*)$", re.IGNORECASE
)
UNSAFE_LINK_MESSAGE = _(
    "Vul een anker (#aanmelden), een pad op deze site (/agenda/) of een webadres (https://…) in."
)


def is_safe_link(value):
    return bool(value) and SAFE_LINK.match(value) is not None


class SafeLinkStructValue(LinkStructValue):
    """``link_url``, but a typed link that is not safe (stored before the check) renders as none."""

    def link_url(self):
        url = super().link_url()
        if self.get("page"):
            return url
        return url if is_safe_link(url) else ""


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


class CampaignTestimonialsBlock(TestimonialsBlock):
    phase = phase_block(Phase.CONVINCE)

    class Meta:
        preview_value = {**TestimonialsBlock._meta_class.preview_value, "phase": Phase.CONVINCE}


class CampaignAmbassadorBlock(AmbassadorBlock):
    phase = phase_block(Phase.CONVINCE)


class UpcomingEventsBlock(blocks.StructBlock):
    phase = phase_block(Phase.INFORM)
    heading = blocks.CharBlock(label=_("kop"), max_length=120, default="Kom naar een bijeenkomst")
    theme = SnippetChooserBlock(
        "themes.Theme",
        label=_("thema"),
        required=False,
        help_text=_("Leeg: het thema van de campagne, en anders de eerstvolgende bijeenkomsten."),
    )
    count = blocks.IntegerBlock(label=_("aantal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Komende bijeenkomsten")
        template = "campaigns/blocks/events_block.html"
        description = _("De eerstvolgende openbare bijeenkomsten, van een thema of alle.")
        preview_value = {"phase": Phase.INFORM, "heading": "Kom naar een bijeenkomst", "count": 3}

    def get_context(self, value, parent_context=None):
        from events.views import latest_upcoming, upcoming_for_theme

        context = super().get_context(value, parent_context=parent_context)
        theme, site = _theme(value, parent_context), _site(parent_context)
        limit = value.get("count") or 3
        events = upcoming_for_theme(theme, limit=limit, site=site) if theme else []
        # A theme without meetups yet: show the next ones of the whole agenda rather than nothing.
        context["events"] = events or latest_upcoming(limit=limit, site=site)
        return context


class CommunitiesBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    heading = blocks.CharBlock(
        label=_("kop"), max_length=120, default="Sluit je aan bij ondernemers zoals jij"
    )
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    theme = SnippetChooserBlock(
        "themes.Theme",
        label=_("thema"),
        required=False,
        help_text=_("Leeg: het thema van de campagne, en anders de grootste communities."),
    )
    count = blocks.IntegerBlock(label=_("aantal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "group"
        label = _("Communities om je bij aan te sluiten")
        template = "campaigns/blocks/communities_block.html"
        description = _("Openbare communities van een thema, de grootste eerst.")
        preview_value = {"phase": Phase.CONVINCE, "heading": "Sluit je aan", "count": 3}

    def get_context(self, value, parent_context=None):
        from community.listings import communities_for_theme, communities_queryset
        from loket.core import registry

        context = super().get_context(value, parent_context=parent_context)
        theme, site = _theme(value, parent_context), _site(parent_context)
        limit = value.get("count") or 3
        communities = communities_for_theme(theme, limit=limit, site=site) if theme else []
        if not communities:
            queryset = registry.in_site(communities_queryset(), site)
            communities = list(queryset.order_by("-member_total", "title")[:limit])
        context["communities"] = communities
        return context


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
        from loket.accounts.forms import SignUpForm

        context = super().get_context(value, parent_context=parent_context)
        context["form"] = SignUpForm(auto_id="aanmelden-%s")
        context["privacy_url"] = _privacy_url((parent_context or {}).get("request"))
        return context


def intake_form_class():
    """The intake request form of ``loket.intake``, or None while that app has no form yet."""
    try:
        from loket.intake.forms import IntakeRequestForm
    except ImportError:
        return None
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
        theme = getattr(page, "theme", None)
        if theme is not None:
            initial["theme"] = theme.pk
        context["form"] = form_class(initial=initial, auto_id="gesprek-%s")
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
        from .forms import TipForm

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
        from .landing import offer_state

        context = super().get_context(value, parent_context=parent_context)
        offer = value.get("offer")
        context["state"] = offer_state(offer) if offer is not None else None
        return context


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


class CampaignStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    teaser = TeaserBlock()
    testimonials = CampaignTestimonialsBlock()
    ambassador = CampaignAmbassadorBlock()
    events = UpcomingEventsBlock()
    communities = CommunitiesBlock()
    signup = SignUpBlock()
    intake = IntakeRequestBlock()
    tip = TipBlock()
    offer = LimitedOfferBlock()
    faq = FaqBlock()
    cta = CampaignCallToActionBlock()
