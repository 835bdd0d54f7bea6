"""The quarterly figures of the radar for partners and policy makers: per theme, anonymous.

Only counts leave the platform: questions asked, how many got an answer (and how many from the
desk), "ik ook" marks and the number of communities. A count from one to four shows as "<5", so
no figure points at a handful of members; a share is given only over five questions or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.exports import safe_csv_writer
from loket.themes.models import Theme

from ..models import Reply
from . import CommunityError
from .radar import RadarScope, answered_by_others, questions_in

SMALL_COUNT = 5
QUARTER = re.compile(r"^(\d{4})-([1-4])$")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, value: str | None) -> Quarter:
        """``"2026-3"``; empty means the last full quarter. Anything else is refused in Dutch."""
        if not value:
            return cls.current().previous()
        match = QUARTER.match(value.strip())
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise CommunityError(_("Kies een kwartaal als 2026-3 (jaar, streepje, 1 tot 4)."))
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def current(cls) -> Quarter:
        today = timezone.localdate()
        return cls(today.year, (today.month - 1) // 3 + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime(self.year, 3 * self.number - 2, 1))

    @property
    def end(self) -> datetime:
        if self.number == 4:
            return Quarter(self.year + 1, 1).start
        return Quarter(self.year, self.number + 1).start

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return _("kwartaal %(number)s van %(year)s") % {"number": self.number, "year": self.year}


@dataclass(frozen=True)
class ThemeFigures:
    theme: str
    questions: int
    answered: int
    desk_answered: int
    marks: int
    communities: int

    @property
    def answered_share(self) -> str:
        if self.questions < SMALL_COUNT:
            return "–"
        return f"{round(100 * self.answered / self.questions)}%"


def shown(count: int) -> str:
    """A count as published: small non-zero counts hidden behind "<5"."""
    return f"<{SMALL_COUNT}" if 0 < count < SMALL_COUNT else str(count)


def quarter_figures(scope: RadarScope, quarter: Quarter) -> list[ThemeFigures]:
    """Per theme (a question counts for each theme of its community), busiest theme first."""
    desk = Exists(Reply.objects.filter(thread=OuterRef("pk"), from_desk=True, is_hidden=False))
    rows = (
        questions_in(scope)
        .filter(created_at__gte=quarter.start, created_at__lt=quarter.end)
        .annotate(is_answered=answered_by_others(), by_desk=desk)
        .values("community__themes")
        .annotate(
            n=Count("pk", distinct=True),
            answered=Count("pk", filter=Q(is_answered=True), distinct=True),
            desk_answered=Count("pk", filter=Q(by_desk=True), distinct=True),
            marks=Count("marks", distinct=True),
            communities=Count("community", distinct=True),
        )
    )
    rows = list(rows)
    themes = Theme.objects.in_bulk([r["community__themes"] for r in rows if r["community__themes"]])
    figures = [
        ThemeFigures(
            themes[r["community__themes"]].name if r["community__themes"] else _("Zonder thema"),
            r["n"],
            r["answered"],
            r["desk_answered"],
            r["marks"],
            r["communities"],
        )
        for r in rows
        if r["community__themes"] is None or r["community__themes"] in themes
    ]
    figures.sort(key=lambda f: (f.theme == _("Zonder thema"), -f.questions, f.theme))
    return figures


HEADER = (
    "kwartaal",
    "regio",
    "thema",
    "nieuwe vragen",
    "beantwoord",
    "waarvan door het loket",
    "aandeel beantwoord",
    "ik ook",
    "communities",
)


def write_csv(stream: IO[str], quarter: Quarter, region: str, figures: list[ThemeFigures]) -> None:
    """The figures as CSV, through the formula-safe writer (a theme name is editor input)."""
    writer = safe_csv_writer(stream)
    writer.writerow(HEADER)
    for f in figures:
        writer.writerow(
            (
                str(quarter),
                region,
                f.theme,
                shown(f.questions),
                shown(f.answered),
                shown(f.desk_answered),
                f.answered_share,
                shown(f.marks),
                f.communities,
            )
        )
