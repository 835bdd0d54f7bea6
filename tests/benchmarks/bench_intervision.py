"""Benchmark of intervision matching: figures are printed, not asserted (run with ``make bench``).

Time to propose groups for 100 and 1,000 applicants (pure matching, no database), spread over
ten themes and twelve provinces, with avoid-lists and day parts, plus a 1,000-applicant pool in a
single theme (the worst case for the bucketed greedy pass). The facilitator proposal for the new
groups (a pool of 40) is timed with it.
"""

import random
import time

import pytest

from community.intervision.services.matching import (
    Applicant,
    FacilitatorOption,
    propose,
    propose_facilitators,
)

pytestmark = pytest.mark.benchmark

THEMES = [f"thema-{i}" for i in range(10)]
PROVINCES = [
    "utrecht",
    "gelderland",
    "zeeland",
    "limburg",
    "drenthe",
    "groningen",
    "friesland",
    "flevoland",
    "overijssel",
    "noord-holland",
    "zuid-holland",
    "noord-brabant",
]
SIZES = ["2-4", "5-9", "10-49", "50+"]
SECTORS = list("CFGHIJMQS")
DAY_PARTS = [
    f"{d}-{p}" for d in ("ma", "di", "wo", "do", "vr") for p in ("ochtend", "middag", "avond")
]


def pool(n, *, themes=THEMES, seed=1):
    rnd = random.Random(seed)
    return [
        Applicant(
            id=i,
            theme=rnd.choice(themes),
            sector=rnd.choice(SECTORS),
            size_band=rnd.choice(SIZES),
            province=rnd.choice(PROVINCES[:4]),
            availability=frozenset(rnd.sample(DAY_PARTS, 5)),
            company=f"Bedrijf {i}",
            avoid=frozenset({f"Bedrijf {rnd.randint(1, n)}"}),
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize(
    "label,n,themes",
    [
        ("100 aanmelders", 100, THEMES),
        ("1.000 aanmelders", 1000, THEMES),
        ("1.000 aanmelders, één thema", 1000, THEMES[:1]),
    ],
)
def test_matching_speed(label, n, themes):
    applicants = pool(n, themes=themes)
    rnd = random.Random(2)
    facilitators = [
        FacilitatorOption(
            id=i,
            themes=frozenset(rnd.sample(THEMES, 3)),
            provinces=frozenset(rnd.sample(PROVINCES[:4], 2)) if i % 3 else frozenset(),
            max_groups=rnd.randint(1, 4),
        )
        for i in range(1, 41)
    ]
    start = time.perf_counter()
    proposal = propose(applicants)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    chosen = propose_facilitators(proposal.new_groups, facilitators)
    facilitator_time = time.perf_counter() - start
    placed = len(proposal.placements)
    with_facilitator = sum(1 for p in chosen.values() if p.facilitator_id)
    print(
        f"\nmatching {label}: {elapsed:.2f} s, {placed} geplaatst in "
        f"{len(proposal.new_groups)} groepen, {len(proposal.unplaced)} niet geplaatst; "
        f"begeleiders: {facilitator_time * 1000:.1f} ms, {with_facilitator} groepen met begeleider"
    )
    assert placed + len(proposal.unplaced) == n
