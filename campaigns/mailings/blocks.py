"""The blocks of a mailing body: each renders to an MJML section and to plain text.

A block names two templates under ``templates/mailings/blocks/``: ``<name>.mjml`` (one or more
``<mj-section>``, with the same colours and type as the site) and ``<name>.txt``.
``campaigns.mailings.rendering`` puts the sections into loket.mail's layout and compiles them
once per mailing. Links may be relative: rendering makes them absolute and adds UTM parameters.
"""

import html
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html
from wagtail.snippets.blocks import SnippetChooserBlock

from testimonials.models import Channel
from testimonials.services import is_publishable

MAIL_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

_LINK = re.compile(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def absolute_url(url):
    """``url`` with the site's address in front when it is a path on the site."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL.rstrip("/") + url
    return url


def html_to_text(markup):
    """Plain text of rich text: paragraphs as blank lines, list items as dashes, links as
    ``label (url)``."""
    text = _LINK.sub(
        lambda m: f"{m.group(2)} ({absolute_url(html.unescape(m.group(1)))})", markup or ""
    )
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = re.sub(r"</p>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</(li|ul|ol|h\d)>|<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class MailBlock(blocks.StructBlock):
    """A block that renders into a mail; subclasses give ``mail_name`` and may add context."""

    mail_name = ""

    def mail_context(self, value):
        """What the templates get besides ``value``; ``None`` leaves the block out."""
        return {}

    def render_mail(self, value):
        """``(mjml, text)`` of this block, or ``("", "")`` when there is nothing to show."""
        extra = self.mail_context(value)
        if extra is None:
            return "", ""
        context = {"value": value, **extra}
        mjml = render_to_string(f"mailings/blocks/{self.mail_name}.mjml", context)
        text = render_to_string(f"mailings/blocks/{self.mail_name}.txt", context)
        return mjml, text


class HeadingBlock(MailBlock):
    heading = blocks.CharBlock(label=_("kop"), max_length=120)

    mail_name = "heading"

    class Meta:
        icon = "title"
        label = _("Kop")
        description = _("Een korte, opvallende kop boven een deel van de mail.")
        preview_value = {"heading": "Waarom kan ik je online niet vinden?"}


class TextBlock(MailBlock):
    text = blocks.RichTextBlock(label=_("tekst"), features=MAIL_RICH_TEXT_FEATURES)

    mail_name = "text"

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        description = _("Lopende tekst met vet, cursief, lijstjes en links.")
        preview_value = {"text": "<p>Ondernemers leren het meest van elkaar.</p>"}

    def mail_context(self, value):
        return {"plain": html_to_text(expand_db_html(value.get("text").source))}


class ImageBlock(MailBlock):
    image = ImageChooserBlock(label=_("afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=200,
        help_text=_("Wat staat er op de foto? Veel mailprogramma's tonen eerst deze tekst."),
    )
    url = blocks.URLBlock(label=_("link (optioneel)"), required=False)

    mail_name = "image"

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        description = _("Een foto over de volle breedte, eventueel met een link.")

    def mail_context(self, value):
        image = value.get("image")
        if image is None:
            return None
        return {"src": absolute_url(image.get_rendition("width-1200|format-jpeg").url)}


class LinkValue(blocks.StructValue):
    def link_url(self):
        page = self.get("page")
        if page:
            return page.specific_deferred.url or ""
        return self.get("url") or ""


class ButtonBlock(MailBlock):
    label = blocks.CharBlock(label=_("tekst op de knop"), max_length=60)
    page = blocks.PageChooserBlock(label=_("pagina"), required=False)
    url = blocks.URLBlock(label=_("of een webadres"), required=False)

    mail_name = "button"

    class Meta:
        icon = "link"
        label = _("Knop")
        description = _("Eén duidelijke knop naar een pagina of webadres.")
        value_class = LinkValue
        preview_value = {"label": "Vraag een gratis intakegesprek aan", "url": "https://example.nl"}

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

    def mail_context(self, value):
        url = absolute_url(value.link_url())
        return {"url": url} if url else None


class TestimonialBlock(MailBlock):
    experience = SnippetChooserBlock(
        "testimonials.Experience",
        label=_("ervaring"),
        help_text=_(
            "Alleen goedgekeurde ervaringen met toestemming voor 'Magazine en nieuwsbrief' "
            "komen in de mail; anders valt dit blok weg."
        ),
    )

    mail_name = "testimonial"

    class Meta:
        icon = "openquote"
        label = _("Ervaring van een ondernemer")
        description = _("Het citaat van een ondernemer, met naam zoals die dat koos.")

    def mail_context(self, value):
        experience = value.get("experience")
        if experience is None or not is_publishable(experience, Channel.MAGAZINE):
            return None
        return {"quote": experience.quote, "byline": experience.byline()}


class EventBlock(MailBlock):
    event = blocks.PageChooserBlock(label=_("bijeenkomst"), page_type="events.EventPage")
    button_label = blocks.CharBlock(
        label=_("tekst op de knop"), max_length=60, default=_("Meld je aan")
    )

    mail_name = "event"

    class Meta:
        icon = "date"
        label = _("Bijeenkomst")
        description = _("Datum, plaats en een aanmeldknop van een bijeenkomst uit de agenda.")

    def mail_context(self, value):
        page = value.get("event")
        if page is None or not page.live:
            return None
        event = page.specific
        if event.cancelled:
            return None
        return {"event": event, "url": absolute_url(event.url)}


class MailingStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = TextBlock()
    image = ImageBlock()
    button = ButtonBlock()
    testimonial = TestimonialBlock()
    event = EventBlock()

    class Meta:
        block_counts = {}
