"""Turning what a visitor types into a search box into plain words for the search backend.

Nothing a visitor types is ever read as query syntax (quotes, NEAR, OR, *, NUL) on any database.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

SEARCH_MAX_QUERY_LENGTH = 200
# Enough words for any real question; more only makes the full-text query slower.
SEARCH_MAX_TERMS = 12
# Words as the backends' own tokenisers see them: letters and digits, nothing else.
_WORD = re.compile(r"[^\W_]+")


def clean_query(raw: str | None) -> str:
    """The query as shown back to the visitor: control characters out, trimmed, capped."""
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in (raw or "")
    )
    return " ".join(text.split())[:SEARCH_MAX_QUERY_LENGTH]


def search_terms(raw: str | None) -> list[str]:
    """The words of ``raw`` to search for, as literal text; empty when there is nothing to find."""
    return _WORD.findall(clean_query(raw))[:SEARCH_MAX_TERMS]


def search_text(queryset: Any, raw: str | None, *, operator: str = "and") -> Any:
    """Full-text search of ``queryset`` for the words of ``raw``; ``queryset.none()`` when none."""
    terms = search_terms(raw)
    if not terms:
        return queryset.none()
    return get_search_backend().search(PlainText(" ".join(terms), operator=operator), queryset)
