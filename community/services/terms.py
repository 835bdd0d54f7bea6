"""Recurring subjects: a plain Dutch tokeniser with a stop-word list, and which terms rise.

Deliberately small (no stemming library): lower-case words of three or more letters, minus the
stop words below and a few forms that carry no subject in a question ("vraag", "iemand").
A term counts once per question, so one long post cannot push a word up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ'-]{2,}")

_STOP_TEXT = """
    aan aangezien achter af al alle alleen als alsnog altijd ander andere anders bij binnen
    boven buiten daar daarom dan dat de deze die dit doch doen door dus een eens en er erg
    even geen gehad geweest haar had heb hebben heeft hem het hier hij hoe hoeveel hun iemand
    iets ik in is ja je jij jou jouw jullie kan kon kunnen kun laat maar me meer men met mij
    mijn moet moeten na naar niet niets nog nu of om omdat onder ons onze ook op over per
    precies te tegen toch toe tot u uit uw van veel voor vooral waar waarom wanneer want wat
    we wel welk welke werd wie wij wil willen word worden wordt zal ze zelf zich zij zijn zo
    zonder zou zouden zoals zit zitten graag iemand ervaring ervaringen vraag vragen weet
    weten tips tip hallo groet groeten bedankt dank alvast beste goed goede gaat gaan krijg
    krijgen manier wie hebt heeft had mee elkaar eigen andere onze jullie misschien echt
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def terms_of(text: str) -> set[str]:
    """The distinct subject words of ``text`` (lower case, stop words out)."""
    return {
        word.strip("'-")
        for word in WORD.findall(text.lower())
        if word.strip("'-") not in STOP_WORDS and len(word.strip("'-")) >= 3
    }


@dataclass(frozen=True)
class RisingTerm:
    term: str
    now: int  # questions with the term in this period
    before: int  # in the period before

    @property
    def rise(self) -> int:
        return self.now - self.before


def rising_terms(
    current: Iterable[tuple[str, int | None]],
    previous: Iterable[tuple[str, int | None]],
    *,
    min_askers: int = 3,
    limit: int = 12,
) -> list[RisingTerm]:
    """Terms asked about more now than in the period before.

    ``current`` and ``previous`` give ``(text, author id)`` per question. A term shows only when
    at least ``min_askers`` different members used it now: the list shows what many ask, never
    one member's words (it also covers private communities, whose text is not shown).
    """
    now_counts: Counter[str] = Counter()
    askers: dict[str, set[int | None]] = {}
    for text, author in current:
        for term in terms_of(text):
            now_counts[term] += 1
            askers.setdefault(term, set()).add(author)
    before_counts: Counter[str] = Counter()
    for text, _author in previous:
        before_counts.update(terms_of(text))
    found = [
        RisingTerm(term, count, before_counts[term])
        for term, count in now_counts.items()
        if count > before_counts[term] and len(askers[term] - {None}) >= min_askers
    ]
    found.sort(key=lambda t: (-t.rise, -t.now, t.term))
    return found[:limit]
