"""The questions radar: what entrepreneurs ask in the communities of a region, for the desk.

Staff see, per region (a Wagtail ``Site``; a community belongs to the site whose tree it is in)
or nationally: new questions per theme per week, unanswered questions, questions with many
"ik ook" marks and terms that rise against the period before.

Private content is counted, never shown: a question's title and text show only to a viewer who
may read its community (a public community, or one they are a member or manager of as a
member). Staff permissions such as ``manage_all_communities`` do not open a private community's
text here. Every figure is a fixed number of queries, whatever the number of posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from loket.accounts.services.roles import (
    ALL_REGIONS,
    ROLE_COMMUNITYMANAGER,
    staff_site_ids,
    staff_sites,
)
from loket.themes.models import Theme

from ..models import Membership, QuestionMark, Reply, Thread
from ..models.discussions import ThreadKind
from . import CommunityError
from .terms import RisingTerm, rising_terms

if TYPE_CHECKING:
    from loket.accounts.models import User

RADAR_PERMISSION = "community.view_question_radar"
PERIOD_WEEKS = (4, 8, 13, 26)
DEFAULT_WEEKS = 8
LIST_LENGTH = 15
# Body text read per question for the terms: enough for the subject, not the whole story.
TERM_TEXT_CHARS = 600
TAG = re.compile(r"<[^>]*>?")


@dataclass(frozen=True)
class RadarScope:
    """Whose questions a staff member sees: every region (national) or their own ones."""

    national: bool
    sites: list[Site]

    def site_of(self, community_path: str) -> Site | None:
        for site in self.sites:
            if community_path.startswith(site.root_page.path):
                return site
        return None

    def covers(self, thread: Thread) -> bool:
        return self.site_of(thread.community.path) is not None

    def narrowed_to(self, site_id: int | str | None) -> RadarScope:
        """The scope limited to one of its regions (the region filter); unknown ids are ignored."""
        chosen = [site for site in self.sites if str(site.pk) == str(site_id)]
        return RadarScope(self.national, chosen) if chosen else self


def radar_scope(user: User) -> RadarScope | None:
    """The regions ``user`` sees on the radar, or ``None`` when the radar is not theirs."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(RADAR_PERMISSION):
        return None
    # The regions where the user is a community manager: the roles service's one rule, kept to
    # that role (national Communitymanagers and superusers see every region).
    national = staff_site_ids(user, ROLE_COMMUNITYMANAGER) is ALL_REGIONS
    sites = list(staff_sites(user, ROLE_COMMUNITYMANAGER).select_related("root_page"))
    if national:
        return RadarScope(True, sites)
    return RadarScope(False, sites) if sites else None


def questions_in(scope: RadarScope) -> QuerySet[Thread]:
    """The visible questions of the scope's communities."""
    if not scope.sites:
        return Thread.objects.none()
    where = reduce(
        or_, (Q(community__path__startswith=site.root_page.path) for site in scope.sites)
    )
    return Thread.objects.filter(
        where, kind=ThreadKind.QUESTION, is_hidden=False, deleted_at__isnull=True
    )


def readable_community_ids(user: User) -> set[int]:
    """The communities whose discussions ``user`` reads as a member (or member-manager)."""
    return set(
        Membership.objects.filter(member=user, status=Membership.Status.MEMBER).values_list(
            "community_id", flat=True
        )
    )


def can_read(thread: Thread, member_of: set[int]) -> bool:
    return thread.community.is_public or thread.community_id in member_of


def answered_by_others() -> Exists:
    """A visible reply by someone other than the asker (a desk answer counts)."""
    return Exists(
        Reply.objects.filter(thread=OuterRef("pk"), is_hidden=False, deleted_at__isnull=True)
        .exclude(author_id=OuterRef("author_id"), from_desk=False)
        .only("pk")
    )


@dataclass
class QuestionRow:
    """A question on the radar; ``title`` and ``url`` are empty when the viewer may not read it."""

    thread: Thread
    readable: bool
    marks: int
    replies: int
    region: Site | None

    @property
    def title(self) -> str:
        return self.thread.title if self.readable else ""

    @property
    def community(self):
        return self.thread.community

    @property
    def themes(self) -> list[Theme]:
        return list(self.thread.community.themes.all())


@dataclass
class ThemeWeeks:
    theme: Theme | None
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def label(self) -> str:
        return self.theme.name if self.theme else _("Zonder thema")

    def bars(self, width: int = 160, height: int = 28) -> list[dict]:
        """The bars of a small server-side SVG chart, scaled to the row's highest week."""
        top = max(self.counts) or 1
        step = width / max(len(self.counts), 1)
        return [
            {
                "x": round(i * step + 1, 1),
                "width": round(max(step - 2, 1), 1),
                "height": round(count / top * (height - 2), 1),
                "y": round(height - count / top * (height - 2), 1),
                "count": count,
            }
            for i, count in enumerate(self.counts)
        ]


@dataclass
class Radar:
    scope: RadarScope
    weeks: list[date]
    start: datetime
    per_theme: list[ThemeWeeks]
    totals: list[int]
    unanswered: list[QuestionRow]
    unanswered_total: int
    most_marked: list[QuestionRow]
    terms: list[RisingTerm]
    hidden_count: int = field(default=0)

    @property
    def question_total(self) -> int:
        return sum(self.totals)


def _week_start(moment: datetime) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _per_theme(
    questions: QuerySet[Thread], weeks: list[date]
) -> tuple[list[ThemeWeeks], list[int]]:
    week_index = {week: i for i, week in enumerate(weeks)}
    by_theme: dict[int | None, list[int]] = {}
    for row in questions.values("community__themes", week=TruncWeek("created_at")).annotate(
        n=Count("pk", distinct=True)
    ):
        i = week_index.get(_as_date(row["week"]))
        if i is not None:
            by_theme.setdefault(row["community__themes"], [0] * len(weeks))[i] += row["n"]
    totals = [0] * len(weeks)
    for row in questions.values(week=TruncWeek("created_at")).annotate(n=Count("pk")):
        i = week_index.get(_as_date(row["week"]))
        if i is not None:
            totals[i] += row["n"]
    themes = Theme.objects.in_bulk([pk for pk in by_theme if pk is not None])
    rows = [ThemeWeeks(themes[pk], counts) for pk, counts in by_theme.items() if pk in themes]
    rows.sort(key=lambda row: (-row.total, row.label))
    if None in by_theme:
        rows.append(ThemeWeeks(None, by_theme[None]))
    return rows, totals


def _as_date(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _rows(queryset: QuerySet[Thread], scope: RadarScope, member_of: set[int]) -> list[QuestionRow]:
    threads = queryset.select_related("community").prefetch_related("community__themes")
    return [
        QuestionRow(
            thread,
            can_read(thread, member_of),
            thread.mark_total,
            thread.reply_total,
            scope.site_of(thread.community.path),
        )
        for thread in threads
    ]


def _count_of(model: type[QuestionMark] | type[Reply], **filters: object) -> Coalesce:
    """A per-question count as a subquery: one index lookup per listed row, no join that
    multiplies marks by replies."""
    counted = (
        model.objects.filter(thread=OuterRef("pk"), **filters)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _with_counts(questions: QuerySet[Thread]) -> QuerySet[Thread]:
    return questions.annotate(
        mark_total=_count_of(QuestionMark),
        reply_total=_count_of(Reply, is_hidden=False, deleted_at__isnull=True),
    )


def _texts(questions: QuerySet[Thread]) -> list[tuple[str, int | None]]:
    rows = questions.annotate(opening=Substr("body", 1, TERM_TEXT_CHARS)).values_list(
        "title", "opening", "author_id"
    )
    return [(f"{title} {TAG.sub(' ', opening)}", author) for title, opening, author in rows]


def build_radar(user: User, scope: RadarScope, *, weeks: int = DEFAULT_WEEKS) -> Radar:
    """The radar over the last ``weeks`` weeks (this week included) of ``scope``'s regions."""
    if weeks not in PERIOD_WEEKS:
        raise CommunityError(_("Kies een periode van 4, 8, 13 of 26 weken."))
    now = timezone.now()
    first = _week_start(now) - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    week_list = [first + timedelta(weeks=i) for i in range(weeks)]
    questions = questions_in(scope)
    recent = questions.filter(created_at__gte=start)
    per_theme, totals = _per_theme(recent, week_list)
    member_of = readable_community_ids(user)

    open_questions = recent.annotate(answered=Exists(answered_by_others())).filter(answered=False)
    unanswered = _rows(
        _with_counts(open_questions).order_by("-mark_total", "created_at", "pk")[:LIST_LENGTH],
        scope,
        member_of,
    )
    marked = _rows(
        _with_counts(recent)
        .filter(mark_total__gt=0)
        .order_by("-mark_total", "-created_at", "-pk")[:LIST_LENGTH],
        scope,
        member_of,
    )
    previous = questions.filter(created_at__gte=start - (now - start), created_at__lt=start)
    terms = rising_terms(_texts(recent), _texts(previous))
    return Radar(
        scope=scope,
        weeks=week_list,
        start=start,
        per_theme=per_theme,
        totals=totals,
        unanswered=unanswered,
        unanswered_total=open_questions.count(),
        most_marked=marked,
        terms=terms,
        hidden_count=sum(1 for row in [*unanswered, *marked] if not row.readable),
    )


def radar_question(user: User, scope: RadarScope, thread_id: int | str) -> QuestionRow:
    """One question of the scope for its detail page; refused when the viewer may not read it."""
    thread = (
        _with_counts(questions_in(scope).filter(pk=thread_id))
        .select_related("community", "author")
        .prefetch_related("community__themes")
        .first()
    )
    if thread is None:
        raise CommunityError(_("Deze vraag staat niet (meer) op de radar."), "not_found")
    readable = can_read(thread, readable_community_ids(user))
    if not readable:
        raise CommunityError(
            _(
                "Deze vraag staat in een besloten community waar je geen lid van bent. Je ziet "
                "het aantal en het thema, niet de tekst."
            ),
            "forbidden",
        )
    return QuestionRow(
        thread, True, thread.mark_total, thread.reply_total, scope.site_of(thread.community.path)
    )
