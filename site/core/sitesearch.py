"""The site search at ``/zoeken/``: every kind of thing a region shows, found in one list.

Each app says what it can be searched for through the ``SEARCH_SOURCES`` hook
(``loket.core.hooks``): a queryset of only what anyone may see on the site, and how a found
object reads as a result. The full-text search runs on that queryset, so a private discussion,
intervision content or a draft can never be found, whatever the search index still holds.

Word forms: on PostgreSQL the backend's Dutch configuration stems both text and query
("duurzaamheid" and "duurzaam" meet as "duurzam"), and each stem is a prefix ("intervisie"
finds "intervisiegroep"). SQLite's FTS5 has no Dutch stemmer, so the
embedded default strips a few Dutch endings from each word and searches it as a prefix:
"duurzaamheid" looks for ``duurzaam*``, "financieringen" for ``financier*``.

A recurring event is one result (its next date, "en nog 3 data"), however many dates match.

Ordering: results whose title holds every word first, then the rest; within that, the kinds in
the order of their filter and, per kind, the backend's relevance (events: upcoming soonest
first). Past events come last. Each kind gives at most ``SEARCH_SOURCE_LIMIT`` results, so a
search costs a fixed number of queries however much it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import unescape
from typing import Any

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from . import hooks
from .hooks import SearchItem, SearchSource
from .search import search_terms

# Per kind: enough for anyone paging through results, and the cap on what one search costs.
SEARCH_SOURCE_LIMIT = 50
SNIPPET_LENGTH = 180

# Dutch endings stripped before a prefix search on SQLite, longest first; a stem keeps at least
# MIN_STEM letters so that short words are not turned into a prefix of everything.
DUTCH_ENDINGS = ("heden", "heid", "ingen", "ing", "tjes", "tje", "en", "s", "e")
MIN_STEM = 4
# Words that carry no meaning in a question ("hoe vind ik personeel"); PostgreSQL's Dutch
# configuration leaves out the same kind of words itself.
DUTCH_STOP_WORDS = frozenset(
    """aan al bij dat de die dit een en er hoe het hij ik in is je jij kan kun met mijn na naar
    niet of om op over te tot u uit van voor wat we wie wij ze zij zo""".split()  # noqa: SIM905 (a word list reads best as words)
)


def word_stem(word: str) -> str:
    """``word`` without one Dutch ending, lowercased: "duurzaamheid" -> "duurzaam"."""
    word = word.casefold()
    for ending in DUTCH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)([^aeiou])$")
_OPEN_SYLLABLE = re.compile(r"[^aeiou]([aeou])([^aeiouy])$")


def word_variants(word: str) -> list[str]:
    """The stems to look for: Dutch spells one word with one vowel or two ("paneel",
    "panelen"), and ends a stem in f or v, s or z ("bedrijf", "bedrijven")."""
    stem = word_stem(word)
    variants = [stem]
    lost_ending = word.casefold()[len(stem) :]
    if match := _DOUBLE_VOWEL.search(stem):
        variants.append(stem[: match.start()] + match.group(1)[0] + match.group(2))
    elif lost_ending in ("en", "e") and (match := _OPEN_SYLLABLE.search(stem)):
        variants.append(stem[: match.start(1)] + match.group(1) * 2 + match.group(2))
    if lost_ending and stem[-1:] in ("v", "z"):
        variants.append(stem[:-1] + {"v": "f", "z": "s"}[stem[-1]])
    return variants


def meaningful_terms(raw: str | None) -> list[str]:
    """The words of ``raw`` to look for: stop words out, unless nothing else is left."""
    terms = search_terms(raw)
    kept = [term for term in terms if term.casefold() not in DUTCH_STOP_WORDS]
    return kept or terms


# Full text -----------------------------------------------------------------------------------


def fts5_prefix_query(terms: list[str], operator: str = "and") -> str:
    """``("duurzaam"* OR "duurzam"*) AND "financier"*``: each word's stems as prefixes, all
    words required (or any, with ``operator="or"``). The terms are letters and digits only
    (``search_terms``); quoting keeps FTS5 from reading one as an operator (OR, NEAR)."""
    parts = []
    for term in terms:
        stems = [v.replace('"', '""') for v in word_variants(term)]
        alternatives = [f'"{v}"*' if len(v) >= 3 else f'"{v}"' for v in stems]
        parts.append(alternatives[0] if len(stems) == 1 else f"({' OR '.join(alternatives)})")
    return f" {operator.upper()} ".join(parts)


class VisibleQuerysetMixin:
    """The database backends run the search on the queryset given, with all its filters, in
    SQL. Their check that each filter is a declared FilterField exists for external engines
    (Elasticsearch) that must translate filters: it would make every visibility rule (a deleted
    post, a community's public flag) a field of the index. Nothing else changes."""

    def check(self):
        return None


@cache
def _compiler_for(backend_class: type) -> type:
    if backend_class.__module__.endswith(".sqlite.sqlite"):
        # Only importable where SQLite's FTS tables exist (its models load with the backend).
        from .search_sqlite import PrefixQueryCompiler

        return PrefixQueryCompiler
    if backend_class.__module__.endswith(".postgres.postgres"):
        from .search_postgres import PrefixQueryCompiler as PostgresPrefixQueryCompiler

        return PostgresPrefixQueryCompiler
    base = backend_class.query_compiler_class
    return type(f"Visible{base.__name__}", (VisibleQuerysetMixin, base), {})


def full_text(queryset: Any, terms: list[str], operator: str = "and") -> Any:
    """``queryset`` searched for all of ``terms`` (any, with ``operator="or"``), most relevant
    first."""
    backend = get_search_backend()
    query = PlainText(" ".join(terms), operator=operator)
    compiler = _compiler_for(type(backend))
    return backend._search(compiler, query, queryset, fields=None, operator=operator)  # noqa: SLF001


# Matching words in text (title first, snippet) ----------------------------------------------


def word_patterns(terms: list[str]) -> list[re.Pattern]:
    """Per term: any word that starts with one of its stems."""
    return [
        re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, word_variants(term))) + r")\w*", re.IGNORECASE
        )
        for term in terms
    ]


def plain_text(text: str) -> str:
    return " ".join(unescape(strip_tags(text or "")).split())


def snippet(text: str, patterns: list[re.Pattern], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, every match in
    ``<mark>``; all text escaped, so nothing a member wrote can become markup."""
    text = plain_text(text)
    starts = [m.start() for p in patterns if (m := p.search(text))]
    begin = 0
    if starts and min(starts) > length // 3:
        begin = text.rfind(" ", 0, min(starts) - length // 4) + 1
    end = begin + length
    if end < len(text):
        cut = text.rfind(" ", begin, end)
        end = cut if cut > begin else end
    window = text[begin:end]
    spans = sorted(
        (m.start(), m.end()) for p in patterns for m in p.finditer(window) if m.end() > m.start()
    )
    pieces, at = [], 0
    for start, stop in spans:
        if start < at:
            continue
        pieces.append(escape(window[at:start]))
        pieces.append(f"<mark>{escape(window[start:stop])}</mark>")
        at = stop
    pieces.append(escape(window[at:]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece escaped above)


# The search ----------------------------------------------------------------------------------


@dataclass
class Result:
    source: SearchSource
    item: SearchItem
    patterns: list[re.Pattern] = field(repr=False)
    order: tuple = ()
    more: int = 0  # further items of the same group (the other dates of a series)

    @property
    def kind(self) -> str:
        return self.source.singular

    @cached_property
    def snippet(self) -> SafeString:
        return snippet(self.item.text, self.patterns)


@dataclass
class KindCount:
    kind: str
    label: str
    count: int


@dataclass
class Outcome:
    results: list[Result]
    kinds: list[KindCount]
    total: int  # of every kind, before the kind filter
    some_words: bool = False  # nothing held every word: these hold some of them


def _found(source: SearchSource, site, theme, terms: list[str], operator: str) -> list[Any]:
    if source.find is not None:
        found = source.find(site=site, theme=theme, terms=terms, operator=operator)
        return list(found)[:SEARCH_SOURCE_LIMIT]
    visible = source.queryset(site=site, theme=theme)
    if visible is None:
        return []
    return list(full_text(visible, terms, operator)[:SEARCH_SOURCE_LIMIT])


def _positions(source: SearchSource, items: list[SearchItem]) -> list[int]:
    """Each item's place within its kind: relevance, or upcoming-first for dated kinds."""
    if not source.upcoming_first:
        return list(range(len(items)))
    ordered = sorted(
        range(len(items)),
        key=lambda i: (
            items[i].is_past,
            -items[i].when.timestamp() if items[i].is_past else items[i].when.timestamp(),
        ),
    )
    return [ordered.index(i) for i in range(len(items))]


def search_site(request, site, raw: str, *, kind: str | None = None, theme=None) -> Outcome:
    """Everything on ``site`` that holds every word of ``raw``, best first; only ``kind`` when
    given (the counts per kind are of all kinds), only about ``theme`` when given. When nothing
    holds every word (a question typed in full), what holds most of them."""
    terms = meaningful_terms(raw)
    if not terms or site is None:
        return Outcome([], [], 0)
    outcome = _search(request, site, terms, kind, theme, "and")
    if outcome.total == 0 and len(terms) > 1:
        outcome = _search(request, site, terms, kind, theme, "or")
        outcome.some_words = True
    return outcome


def _search(request, site, terms, kind, theme, operator) -> Outcome:
    patterns = word_patterns(terms)
    results, kinds, seen = [], [], set()
    for source in hooks.search_sources():
        objects = _found(source, site, theme, terms, operator)
        items = [source.describe(obj, request) for obj in objects]
        positions = _positions(source, items)
        count = 0
        kept: dict[Any, Result] = {}
        for position, obj, item in sorted(
            zip(positions, objects, items, strict=True), key=lambda row: row[0]
        ):
            key = (source.kind, getattr(obj, "pk", id(obj)))
            if key in seen:  # one object is one result, however many ways it matched
                continue
            seen.add(key)
            if item.group is not None and item.group in kept:
                kept[item.group].more += 1  # another date of a series already listed
                continue
            count += 1
            in_title = sum(1 for p in patterns if p.search(item.title))
            in_text = sum(1 for p in patterns if p.search(item.title) or p.search(item.text))
            order = (item.is_past, in_title < len(patterns), -in_text, source.order, position)
            result = Result(source, item, patterns, order)
            results.append(result)
            if item.group is not None:
                kept[item.group] = result
        if count:
            kinds.append(KindCount(source.kind, source.label, count))
    results.sort(key=lambda r: r.order)
    total = len(results)
    if kind:
        results = [r for r in results if r.source.kind == kind]
    return Outcome(results, kinds, total)
