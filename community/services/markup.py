"""What members type (a small Markdown subset) turned into the HTML a post shows.

**vet**, *schuin*, lists, links, quotes, `code` and paragraphs; a single line break stays a line
break. No images (``![x](url)`` stays a plain link), no headings, no raw HTML: markdown-it-py
(CommonMark, html disabled) escapes every ``<`` a member types, and its output then goes through
the one sanitiser (``loket.sanitize.clean_html``), which also turns bare URLs into links and gives
every link ``rel="nofollow ugc noopener"``. The preview and the stored post use this one function.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from loket.sanitize import clean_html as _sanitise
from loket.sanitize import clean_text

_MARKDOWN = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "list", "link", "newline", "escape", "backticks", "blockquote", "entity"]
)


def render_markdown(source: str | None) -> str:
    """Sanitised HTML for the member's text; "" for empty text."""
    if not source or not source.strip():
        return ""
    return _sanitise(_MARKDOWN.render(str(source))).strip()


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_REPLACEMENTS = (
    (re.compile(r"<br\s*/?>", re.IGNORECASE), "\n"),
    (re.compile(r"</(p|ul|ol|blockquote|pre)>", re.IGNORECASE), "\n\n"),
    (re.compile(r"<li>", re.IGNORECASE), "- "),
    (re.compile(r"</li>", re.IGNORECASE), "\n"),
    (re.compile(r"</?(strong|b)>", re.IGNORECASE), "**"),
    (re.compile(r"</?(em|i)>", re.IGNORECASE), "*"),
)


def source_of_stored_html(body: str) -> str:
    """The Markdown a post stored before Markdown existed would have been written as.

    Posts from before carry only their sanitised HTML; the edit form starts from this text, so
    saving it unchanged shows the same paragraphs, lists, bold and links again.
    """
    text = _LINK.sub(
        lambda m: m.group(2) if m.group(2) in m.group(1) else f"[{m.group(2)}]({m.group(1)})",
        body or "",
    )
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    text = clean_text(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
