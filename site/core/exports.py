"""Staff exports no spreadsheet will run: the one rule for every CSV and XLSX cell.

Owns ``safe_cell``, the admin mixins that apply it to Wagtail's ``list_export`` downloads, the
guard on Wagtail's own reports, and ``safe_csv_writer`` for CSV files written by hand.
"""

from __future__ import annotations

import csv
import datetime
import re
from decimal import Decimal
from typing import Any, Protocol

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports.base import ReportView

from loket.sanitize import csv_cell

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX

# Values a spreadsheet shows as they are: numbers, dates, booleans and empty cells.
_PLAIN = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)

# Control characters an XLSX file cannot hold (openpyxl refuses them with an error, which would
# turn one odd answer into a failed download); the same set as openpyxl's ILLEGAL_CHARACTERS_RE.
_NOT_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def safe_cell(value: Any, export_format: str = CSV) -> Any:
    """The value of one cell as text no spreadsheet runs as a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading quote
    (``loket.sanitize.csv_cell``); anything else that is not a number, date or empty cell (a
    member, an event) is written as its text under the same rule. In XLSX, control characters
    the format cannot hold become U+FFFD, so the download never fails on them.
    """
    if value is None or isinstance(value, _PLAIN):
        return value
    text = csv_cell(str(value))
    if export_format == XLSX:
        text = _NOT_IN_XLSX.sub("\ufffd", text)
    return text


class SafeExportMixin:
    """For an index view with ``list_export`` (a ``SpreadsheetExportMixin``): every cell of the
    CSV and XLSX downloads passes ``safe_cell``, after Wagtail's own preprocessing, so model
    instances, choices and custom preprocessors are covered alike."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = super().preprocess_field_value(field, value, export_format)  # type: ignore[misc]
        return safe_cell(value, export_format)


_SAFE_VIEWS: dict[type, type] = {}


def safe_export_view(view_class: type) -> type:
    """``view_class`` with ``SafeExportMixin`` first in its bases (once per class)."""
    if issubclass(view_class, SafeExportMixin):
        return view_class
    if view_class not in _SAFE_VIEWS:
        _SAFE_VIEWS[view_class] = type(
            view_class.__name__,
            (SafeExportMixin, view_class),
            {"__module__": view_class.__module__, "__doc__": view_class.__doc__},
        )
    return _SAFE_VIEWS[view_class]


class SafeExportViewSetMixin:
    """For a ``SnippetViewSet`` or ``ModelViewSet`` with ``list_export``: its index view (the
    default or the viewset's own ``index_view_class``) writes safe cells. Put it first:
    ``class RegistrationViewSet(SafeExportViewSetMixin, SnippetViewSet)``."""

    index_view_class: type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.index_view_class = safe_export_view(self.index_view_class)


def guard_wagtail_reports() -> None:
    """Wagtail's own reports (site history, aging and locked pages, workflows, page types)
    export through ``ReportView``, wired in Wagtail's URL conf where no subclass can take their
    place; the site history carries members' names (a registration's label). Their cells pass
    ``safe_cell`` too: the method on ``ReportView`` is wrapped once (called from
    ``loket.core.wagtail_hooks``)."""
    original = ReportView.preprocess_field_value
    if getattr(original, "safe_export", False):
        return

    def preprocess_field_value(self: ReportView, field: str, value: Any, export_format: str) -> Any:
        return safe_cell(original(self, field, value, export_format), export_format)

    preprocess_field_value.safe_export = True  # type: ignore[attr-defined]
    ReportView.preprocess_field_value = preprocess_field_value  # type: ignore[method-assign]


class _Writer(Protocol):
    def writerow(self, row: Any, /) -> Any: ...


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell passes ``safe_cell``."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(stream: Any, **kwargs: Any) -> SafeCsvWriter:
    """``csv.writer(stream, **kwargs)`` for text people typed: no cell runs as a formula."""
    return SafeCsvWriter(csv.writer(stream, **kwargs))
