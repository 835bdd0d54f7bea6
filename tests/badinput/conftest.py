"""The bad-input suite's summary: requests per role and status counts, printed after the run
(for the issue's closing note)."""

from __future__ import annotations

from collections import Counter

import pytest

SUMMARY: dict[str, Counter[str]] = {}


@pytest.fixture
def badinput_summary():
    """Where the tests leave their counts: the statuses per role."""
    return SUMMARY


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
