"""Shared ground of the campaign blocks: the campaign phases, safe links, helpers.
Every block module builds on these."""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import Site

from loket.accounts.privacy import current_statement
from loket.core.blocks import LinkStructValue
from loket.themes.models import all_themes


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
    return current_statement(request).url if request is not None else reverse("accounts:privacy")


def _theme(value, parent_context):
    """The block's own theme, else the campaign's."""
    if value.get("theme"):
        return value["theme"]
    page = _page(parent_context)
    theme_id = getattr(page, "theme_id", None)
    if theme_id is None:
        return None
    # From the themes every block of the page shares, not a query of its own.
    return all_themes().get(theme_id) or page.theme


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
