"""Turn a mailing's blocks into mail: compiled once per mailing, personalised per member.

The blocks' MJML sections are put into loket.mail's own layout (so they get its fonts, colours
and widths), compiled with mjml-python once, and the compiled sections are cut out again. That
HTML goes into the ``mailing`` mail template as ``body_html``; loket.mail renders the rest (the
greeting, the member's Tip een ander link, the unsubscribe footer) per recipient.

Personalisation of the staff's own text is a plain replacement of ``[voornaam]`` and
``[bedrijfsnaam]`` (escaped in HTML), never template code: whatever staff or members type stays
text. Every link to the site gets the mailing's UTM parameters.
"""

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mjml import mjml2html

from django.conf import settings
from django.template import TemplateDoesNotExist, engines
from django.utils.html import escape
from django.utils.safestring import mark_safe

from loket.mail.regional import region_context
from loket.mail.rendering import MailFiller

from .blocks import absolute_url

LAYOUT = "email/_layout.mjml"
FRAGMENT_MARKER = "<!-- inhoud -->"
START, END = "MAILING-BODY-START", "MAILING-BODY-END"
MAIL_TEMPLATE = "mailing"

_HREF = re.compile(r'href="([^"]*)"')
_TEXT_URL = re.compile(r"https?://[^\s<>()\"]+")


def _layout_source():
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        for origin in loader.get_template_sources(LAYOUT):
            try:
                return loader.get_contents(origin)
            except TemplateDoesNotExist:
                continue
    raise TemplateDoesNotExist(LAYOUT)


def utm_params(mailing):
    return {
        "utm_source": "mailing",
        "utm_medium": "email",
        "utm_campaign": mailing.utm_campaign,
        "utm_content": f"mailing-{mailing.pk}",
    }


def with_utm(url, params):
    """``url`` made absolute, with ``params`` as its UTM parameters if it points to the site."""
    url = absolute_url(url)
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != site.netloc.lower():
        return url
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.startswith("utm_")
    ]
    query.extend(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def tag_links_html(markup, params):
    return _HREF.sub(
        lambda m: f'href="{escape(with_utm(html.unescape(m.group(1)), params))}"', markup
    )


def tag_links_text(text, params):
    return _TEXT_URL.sub(lambda m: with_utm(m.group(0), params), text)


def compile_body(mailing):
    """``(html, text)`` of the mailing's blocks, with tagged links; not yet personalised."""
    sections, texts = [], []
    for child in mailing.body:
        mjml, text = child.block.render_mail(child.value)
        if mjml.strip():
            sections.append(mjml)
            texts.append(text.strip())
    fragment = f"<mj-raw>{START}</mj-raw>{''.join(sections)}<mj-raw>{END}</mj-raw>"
    document = _layout_source().replace(FRAGMENT_MARKER, fragment, 1)
    compiled = mjml2html(document, disable_comments=True)
    body = compiled.split(START, 1)[1].split(END, 1)[0]
    params = utm_params(mailing)
    return tag_links_html(body, params), tag_links_text("\n\n".join(texts), params)


def merge_values(user):
    profile = getattr(user, "profile", None)
    company = (profile.company_name if profile else "") or ""
    return {
        "[voornaam]": user.first_name or "ondernemer",
        "[bedrijfsnaam]": company or "je bedrijf",
    }


def personalise(text, values, *, as_html):
    for tag, value in values.items():
        text = text.replace(tag, str(escape(value)) if as_html else value)
    return text


def recipient_context(
    mailing, user, body_html, body_text, *, referral_link, test=False, tagged=False
):
    """The context of the ``mailing`` mail template for one member.

    ``referral_link`` is the member's own Tip een ander link, tagged here unless ``tagged``.
    """
    values = merge_values(user)
    profile = getattr(user, "profile", None)
    return {
        "mailing_subject": personalise(mailing.subject, values, as_html=False),
        "preview_text": personalise(mailing.preheader, values, as_html=False),
        # Staff blocks compiled by us, member values escaped by personalise.
        "body_html": mark_safe(personalise(body_html, values, as_html=True)),  # noqa: S308
        "body_text": personalise(body_text, values, as_html=False),
        "first_name": user.first_name,
        "company_name": (profile.company_name if profile else "") or "",
        "referral_url": referral_link if tagged else with_utm(referral_link, utm_params(mailing)),
        "is_test": test,
    }


# Stands in for a member's code while the link is built once; not in the code alphabet.
_CODE_MARK = "code-mark"


def referral_links(mailing, url_for_code):
    """A function ``code -> the member's tagged Tip een ander link`` for a batch of mails.

    ``url_for_code`` gives the untagged link of a code; it and the tagging run once, per member
    only the code is put in (codes are letters and digits, which neither quotes nor changes).
    """
    prefix, suffix = with_utm(url_for_code(_CODE_MARK), utm_params(mailing)).split(_CODE_MARK)
    return lambda code: f"{prefix}{code}{suffix}"


# What differs per member in the ``mailing`` template: ``recipient_context`` without ``is_test``,
# plus what the outbox adds (the address and the unsubscribe link).
RECIPIENT_FIELDS = (
    "recipient",
    "unsubscribe_url",
    "mailing_subject",
    "preview_text",
    "body_html",
    "body_text",
    "first_name",
    "company_name",
    "referral_url",
)


def mailing_filler(site=None):
    """A ``MailFiller`` of the ``mailing`` template for a batch of real (not test) mails, with
    the region's hostname and footer when the mailing has a region."""
    shared = {"is_test": False, **region_context(site)}
    return MailFiller(MAIL_TEMPLATE, shared=shared, fields=RECIPIENT_FIELDS)
