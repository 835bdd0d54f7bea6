"""Recurring series: an event repeated weekly, every two weeks or monthly on the same
weekday, each occurrence a page of its own that shares the series id."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import RegistrationError, event_pages

if TYPE_CHECKING:
    from wagtail.models import Page

    from events.models.pages import EventPage
    from loket.accounts.models import User

SERIES_RULES = {
    "weekly": _("Elke week"),
    "biweekly": _("Elke twee weken"),
    "monthly": _("Elke maand op dezelfde weekdag (bijvoorbeeld elke eerste dinsdag)"),
}
MAX_OCCURRENCES = 24


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` of a month; ``n`` 5 means the last one."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    if n >= 5:
        while (day + timedelta(days=7)).month == month:
            day += timedelta(days=7)
        return day
    return day + timedelta(days=7 * (n - 1))


def series_dates(start_date: date, rule: str, count: int) -> list[date]:
    """The dates of ``count`` occurrences from ``start_date`` (included) following ``rule``."""
    if rule == "weekly":
        return [start_date + timedelta(weeks=i) for i in range(count)]
    if rule == "biweekly":
        return [start_date + timedelta(weeks=2 * i) for i in range(count)]
    if rule == "monthly":
        n = (start_date.day - 1) // 7 + 1
        dates = []
        for i in range(count):
            month_index = start_date.month - 1 + i
            year, month = start_date.year + month_index // 12, month_index % 12 + 1
            dates.append(_nth_weekday(year, month, start_date.weekday(), n))
        return dates
    raise RegistrationError(_("Kies hoe vaak de bijeenkomst terugkomt."))


def create_series(
    event: EventPage, *, rule: str, count: int, user: User | None = None, publish: bool = True
) -> list[EventPage]:
    """Repeat ``event`` as a series: ``count`` dates in total, each a page of its own.

    The copies keep the event's content, speakers, themes and tags, start at the same local
    time (also across daylight-saving changes), and are published when the original is live.
    Returns the new pages. Dates that already have an occurrence of the series are skipped, so
    running it twice does not make doubles.
    """
    if not 2 <= count <= MAX_OCCURRENCES:
        raise RegistrationError(
            _("Een reeks heeft 2 tot %(n)s bijeenkomsten.") % {"n": MAX_OCCURRENCES}
        )
    event = event_pages().get(pk=event.pk)
    local_start = timezone.localtime(event.start)
    duration = event.end - event.start
    opens_before = (
        event.start - event.registration_opens_at if event.registration_opens_at else None
    )
    closes_before = (
        event.start - event.registration_closes_at if event.registration_closes_at else None
    )
    with transaction.atomic():
        if event.series_id is None:
            event.series_id = uuid.uuid4()
            event_pages().filter(pk=event.pk).update(series_id=event.series_id)
        taken = {
            timezone.localtime(start).date()
            for start in event_pages()
            .filter(series_id=event.series_id)
            .values_list("start", flat=True)
        }
        parent = event.get_parent()
        created = []
        for day in series_dates(local_start.date(), rule, count)[1:]:
            if day in taken:
                continue
            start = timezone.make_aware(datetime.combine(day, local_start.time()))
            slug = _free_slug(parent, f"{event.slug}-{day:%Y-%m-%d}")
            copy = event.copy(
                to=parent,
                update_attrs={
                    "slug": slug,
                    "start": start,
                    "end": start + duration,
                    "registration_opens_at": start - opens_before if opens_before else None,
                    "registration_closes_at": start - closes_before if closes_before else None,
                    "series_id": event.series_id,
                    "cancelled": False,
                    "cancellation_reason": "",
                },
                keep_live=event.live and publish,
                copy_revisions=False,
                user=user,
                log_action=None,
            )
            created.append(copy.specific)
    return created


def _free_slug(parent: Page, slug: str) -> str:
    siblings = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in siblings:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
