"""The one table that ``make bench`` prints at the end of a run.

A benchmark keeps its own prints and also hands its headline figures to ``record``::

    from tests.benchmarks.report import record

    record("Mail (postgresql)", {"what": "render + queue", "mails/s": 2350.0, "× raw limit": 0.81})

``table`` is the title of a section of the summary; ``row`` maps column names to values (text,
ints, floats; ``None`` prints as "–"). A table's columns are the keys of its rows, in the order
they first appear; sections print in the order they were first recorded. The conftest next to
this file prints them after the run (``pytest_terminal_summary``), also under pytest-xdist.
"""

from __future__ import annotations

from typing import Any

_tables: dict[str, list[dict[str, Any]]] = {}


def record(table: str, row: dict[str, Any]) -> None:
    """Add ``row`` to the section ``table`` of the summary."""
    _tables.setdefault(table, []).append(dict(row))


def recorded() -> dict[str, list[dict[str, Any]]]:
    return _tables


def merge(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Add the rows another process recorded (an xdist worker's)."""
    for table, rows in tables.items():
        _tables.setdefault(table, []).extend(rows)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _line(values: list[str], widths: list[int]) -> str:
    """The first column (what is measured) left-aligned, the figures right-aligned."""
    first, *rest = values
    cells = [first.ljust(widths[0])] + [v.rjust(w) for v, w in zip(rest, widths[1:], strict=True)]
    return "  ".join(cells).rstrip()


def lines(tables: dict[str, list[dict[str, Any]]] | None = None) -> list[str]:
    """The summary as text lines: per section a title, a header and one line per row."""
    out: list[str] = []
    for title, rows in (_tables if tables is None else tables).items():
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        cells = [[_cell(row.get(column)) for column in columns] for row in rows]
        widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
        out.extend(["", title, _line(columns, widths), _line(["-" * w for w in widths], widths)])
        out.extend(_line(line, widths) for line in cells)
    return out
