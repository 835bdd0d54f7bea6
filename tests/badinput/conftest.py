"""The bad-input suite's summary: requests per role and status counts, printed after the run
(for the issue's closing note)."""

from __future__ import annotations

import os
from collections import Counter

import pytest

SUMMARY: dict[str, Counter[str]] = {}
KNOWN: Counter[str] = Counter()
EXAMPLES: dict[str, list[str]] = {}


@pytest.fixture
def badinput_summary():
    """Where the tests leave their counts: (statuses per role, known 5xx per reason, the
    requests behind each reason)."""
    return SUMMARY, KNOWN, EXAMPLES


def pytest_terminal_summary(terminalreporter):
    if not SUMMARY:
        return
    write = terminalreporter.write_line
    terminalreporter.section("bad-input suite")
    total = Counter()
    for role, statuses in SUMMARY.items():
        total.update(statuses)
        counts = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        write(f"{role}: {sum(statuses.values())} requests ({counts})")
    counts = ", ".join(f"{status}: {n}" for status, n in sorted(total.items()))
    write(f"all roles: {sum(total.values())} requests ({counts})")
    for reason, n in KNOWN.most_common():
        write(f"known 5xx, not fixed here ({n}): {reason}")
        for example in EXAMPLES.get(reason, [])[: int(os.environ.get("BADINPUT_EXAMPLES", 3))]:
            write(f"    e.g. {example}")
