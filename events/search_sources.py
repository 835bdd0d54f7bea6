"""What ``/zoeken/`` finds of the events app: the region's meetups and seminars.

Contributed to the ``SEARCH_SOURCES`` hook in ``events.wagtail_hooks``; upcoming events come
first (soonest first), past ones after every other result.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.hooks import SearchItem, SearchSource
from loket.core.search_sources import about_theme, text_of, visible_pages

from .models import EventPage


def events(*, site, theme):
    return about_theme(visible_pages(EventPage.objects.all(), site), theme)


def describe_event(event: EventPage, request) -> SearchItem:
    if event.cancelled:
        meta = str(_("Geannuleerd"))
    elif event.has_venue:
        meta = event.municipality
    else:
        meta = str(_("Online"))
    return SearchItem(
        title=event.title,
        url=event.get_url(request),
        text=text_of(event, "intro", "body"),
        when=event.start,
        is_past=event.end <= timezone.now(),
        meta=meta,
        group=event.series_id,
    )


def search_sources() -> list[SearchSource]:
    return [
        SearchSource(
            "bijeenkomst",
            _("Bijeenkomsten"),
            _("Bijeenkomst"),
            describe_event,
            queryset=events,
            order=20,
            upcoming_first=True,
        )
    ]
