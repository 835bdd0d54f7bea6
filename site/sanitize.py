"""The one place where member-written text is made safe to show.

Every text a member writes (discussions, experiences, bios, notes) goes through ``clean_html`` or
``clean_text`` before it is stored or shown. nh3 (the Python binding of the Rust sanitiser
ammonia, parsing with html5ever as a browser does) does the work; it is only ever imported here,
so it can be swapped without touching callers.
"""

import html
import re

import nh3

# What members may use: paragraphs, emphasis, lists, links and quotes. No images (tracking
# pixels), no iframes, no style, no scripts, no forms.
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Content of these elements is dropped entirely, not just the tags around it.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "textarea",
        "title",
        "xmp",
    }
)

# Block-level elements read as a line break when their tags are stripped from plain text, as a
# browser would show them: "<p>a</p><p>b</p>" becomes "a\nb", not "ab".
BLOCK_LEVEL = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)

_ATTRIBUTES: dict[str, set[str]] = {"*": set()} | {
    tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()
}
# ammonia gives every <a> the rel; only links (with an href) need it.
_REL_WITHOUT_HREF = re.compile(r'<a((?: title="[^"]*")?) rel="' + LINK_REL + '">')
_BLOCK_TAG = re.compile(r"<(/?)[a-z0-9]+>")


def _clean_html(value: str) -> str:
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes=_ATTRIBUTES,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(ALLOWED_PROTOCOLS),
    )
    return _REL_WITHOUT_HREF.sub(r"<a\1>", cleaned)


def _strip_tags(value: str) -> str:
    """Text without tags, still entity-escaped; block-level elements become line breaks."""
    blocks = nh3.clean(
        value,
        tags=set(BLOCK_LEVEL),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={"*": set()},
        strip_comments=True,
        link_rel=None,
    )
    return _BLOCK_TAG.sub(lambda tag: "" if tag.group(1) else "\n", blocks)


# Plain URLs in text become links: with a scheme, starting with "www.", or a bare domain with a
# well-known top-level domain ("kvk.nl"). Text in nh3's output never holds a raw "<", and "&" only
# starts an entity, so a URL ends at whitespace, a quote, "<" or an escaped angle bracket.
_TLDS = (
    "nl|be|de|eu|fr|uk|lu|at|ch|es|it|dk|se|no|pl|com|org|net|info|biz|io|co|nu|frl|amsterdam"
    "|app|dev|shop|online|gov|edu|ai"
)
_URL = re.compile(
    r"(?<![\w@./-])"
    r"(?:(?P<scheme>https?://)[^\s<>\"']+"
    r"|(?:www\.)[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#][^\s<>\"']*)?"
    rf"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?![@.-]?\w)(?:[/?#][^\s<>\"']*)?)",
    re.IGNORECASE,
)
_ESCAPED_BRACKET = re.compile(r"&(?:lt|gt);")
# Punctuation that ends a sentence rather than a URL; a ")" only when it has no "(" in the URL.
_TRAILING = ".,;:!?"
# A tag in nh3's output: attribute values are always double-quoted and may hold ">".
_TAG = re.compile(r'(<[^>"]*(?:"[^"]*"[^>"]*)*>)')
_NO_LINKS_IN = {"a", "pre", "code"}


def _trim(url: str) -> tuple[str, str]:
    bracket = _ESCAPED_BRACKET.search(url)
    tail = ""
    if bracket:
        url, tail = url[: bracket.start()], url[bracket.start() :]
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url, tail = url[:-1], url[-1] + tail
    return url, tail


def _link(match: re.Match) -> str:
    url, tail = _trim(match.group(0))
    if not url or "." not in url.split("//", 1)[-1]:
        return match.group(0)
    href = url if match.group("scheme") else "http://" + url
    return f'<a href="{href}">{url}</a>{tail}'


def _linkify(cleaned: str) -> str:
    parts = _TAG.split(cleaned)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part[1:].lstrip("/").split(" ", 1)[0].rstrip(">").lower()
            if name in _NO_LINKS_IN:
                depth += -1 if part.startswith("</") else 1
        elif depth <= 0 and part:
            parts[index] = _URL.sub(_link, part)
    return "".join(parts)


def clean_html(value: str | None) -> str:
    """Return member HTML restricted to the allow-list; links get ``rel="nofollow ugc noopener"``.

    Plain URLs in the text become links with the same rel. Safe to apply twice.
    """
    if not value:
        return ""
    # Linkified text is cleaned again: the new links get their rel and pass the same allow-list.
    return _clean_html(_linkify(_clean_html(str(value))))


_TAG_START = re.compile(r"<(?=\s*[a-zA-Z!/?])")


def clean_text(value: str | None) -> str:
    """Return plain text with every tag removed (names, quotes, bios).

    The result is text, not markup: templates escape it like any other string. Entities are
    decoded and the text is stripped again until stable, so an encoded tag cannot survive.
    """
    if not value:
        return ""
    text = str(value)
    for _ in range(5):
        stripped = html.unescape(_strip_tags(text))
        if stripped == text:
            break
        text = stripped
    # An unterminated tag ("<iframe src=… <") is text to the parser; keep it from reading as
    # markup wherever the text ends up (a mail subject, a CSV, a careless |safe).
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
