"""The one place where member-written text is made safe to show.

Every text a member writes (discussions, experiences, bios, notes) goes through ``clean_html`` or
``clean_text`` before it is stored or shown. bleach does the work; it is in security-only
maintenance upstream, so it is only ever imported here and can be swapped without touching
callers.
"""

import html
import re

import bleach
from bleach.linkifier import Linker

# What members may use: paragraphs, emphasis, lists, links and quotes. No images (tracking
# pixels), no iframes, no style, no scripts, no forms.
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)

# Content of these elements is dropped entirely, not just the tags around it.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|svg|math|textarea|title|xmp)\b[^>]*>"
    r".*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


_TAG_START = re.compile(r"<(?=\s*[a-zA-Z!/?])")


def clean_html(value: str | None) -> str:
    """Return member HTML restricted to the allow-list; links get ``rel="nofollow ugc noopener"``.

    Plain URLs in the text become links with the same rel. Safe to apply twice.
    """
    if not value:
        return ""
    value = _DROP_WITH_CONTENT.sub("", str(value))
    return _linker.linkify(_cleaner.clean(value))


def clean_text(value: str | None) -> str:
    """Return plain text with every tag removed (names, quotes, bios).

    The result is text, not markup: templates escape it like any other string. Entities are
    decoded and the text is stripped again until stable, so an encoded tag cannot survive.
    """
    if not value:
        return ""
    text = str(value)
    for _ in range(5):
        stripped = _DROP_WITH_CONTENT.sub("", text)
        stripped = bleach.clean(
            stripped, tags=set(), attributes={}, strip=True, strip_comments=True
        )
        stripped = html.unescape(stripped)
        if stripped == text:
            break
        text = stripped
    # An unterminated tag ("<iframe src=… <") is text to bleach; keep it from reading as markup
    # wherever the text ends up (a mail subject, a CSV, a careless |safe).
    return _TAG_START.sub("‹", text).strip()


# Text that starts like a formula is run by spreadsheets when a CSV export is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell no spreadsheet will run: text starting like a formula gets a leading quote.

    Numbers and empty cells stay as they are (the CSV writer prints them the same); any other
    value (a member, an offer) is written as its text.
    """
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
