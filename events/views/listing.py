"""The agenda (upcoming and archive, with filters), its iCal feed, and the event listings the
registry shows on theme, tag and home pages."""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from wagtail.images import get_image_model

from events.forms import AgendaFilterForm
from events.ical import feed_calendar
from events.services import event_pages
from loket.core import memo, registry
from loket.themes.models import Theme

PAGE_SIZE = 12
FEED_LIMIT = 500
LISTING_IMAGE = "fill-640x360-c50"

# Listing helpers ------------------------------------------------------------------------------


def listing_queryset():
    """Event pages as the agenda and the registry show them, in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE)
    return (
        event_pages()
        .with_seats()
        .live()
        .defer_streamfields()
        .prefetch_related(Prefetch("image", queryset=images), "themes")
    )


def upcoming_events(now=None):
    now = now or timezone.now()
    return listing_queryset().filter(end__gt=now).order_by("start", "pk")


def past_events(now=None):
    now = now or timezone.now()
    return listing_queryset().filter(end__lte=now).order_by("-start", "-pk")


def _listed_upcoming(site=None):
    """Upcoming, not cancelled, public events of ``site`` (a region), for registry listings."""
    # The view restrictions once per request, shared with every other listing on the page.
    events = memo.public(upcoming_events().filter(cancelled=False))
    events = registry.in_site(events, site)
    return events


def upcoming_for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider: the next events of a theme."""
    return list(_listed_upcoming(site).filter(themes=theme)[:limit])


def upcoming_for_tag(tag, limit=6, site=None, **kwargs):
    """Registry provider: the next events with a free tag."""
    return list(_listed_upcoming(site).filter(tags=tag)[:limit])


def latest_upcoming(limit=3, site=None, **kwargs):
    """Registry provider: the next events of the agenda."""
    return list(_listed_upcoming(site)[:limit])


# The agenda -----------------------------------------------------------------------------------


def agenda(request, index, *, archive):
    form = AgendaFilterForm(request.GET)
    values, invalid = form.filters()
    if invalid:
        labels = ", ".join(str(form.fields[name].label).lower() for name in invalid)
        messages.warning(
            request,
            _("We hebben het filter op %(fields)s overgeslagen: die waarde kennen we niet.")
            % {"fields": labels},
        )
    base = past_events() if archive else upcoming_events()
    events = form.apply(base.child_of(index), values)
    if "thema" in values:
        events = events.distinct()
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    active_filters = {name: form.data[name] for name in AgendaFilterForm.FIELDS if name in values}
    return index.render(
        request,
        template="events/event_index_page.html",
        context_overrides={
            "filter_form": form,
            "events": page_obj.object_list,
            "page_obj": page_obj,
            "is_archive": archive,
            "active_filters": active_filters,
            "feed_url": index.get_url(request) + index.reverse_subpage("feed").lstrip("/"),
            "archive_url": index.get_url(request) + index.reverse_subpage("archive").lstrip("/"),
            "agenda_url": index.get_url(request),
        },
    )


FEED_CACHE_SECONDS = 6 * 60 * 60


def _feed_state(request, index):
    """What the agenda feed shows depends on: the live events under ``index`` (count and newest
    publication, which a cancellation is too) and which of them already ended. One query,
    remembered on the request for both the ETag and Last-Modified."""
    state = getattr(request, "_agenda_feed_state", None)
    if state is None:
        now = timezone.now()
        ended = Q(end__lte=now)
        state = (
            event_pages()
            .live()
            .child_of(index)
            .aggregate(
                total=Count("pk"),
                published=Max("last_published_at"),
                ended=Count("pk", filter=ended),
                last_ended=Max("end", filter=ended),
            )
        )
        request._agenda_feed_state = state
    return state


def feed_last_modified(request, index):
    state = _feed_state(request, index)
    moments = [m for m in (state["published"], state["last_ended"]) if m is not None]
    return max(moments) if moments else None


def feed_etag(request, index):
    state = _feed_state(request, index)
    published = state["published"].isoformat() if state["published"] else "-"
    theme = request.GET.get("thema", "").strip()
    key = f"{request.get_host()}:{index.pk}:{theme}:{state['total']}:{state['ended']}"
    return hashlib.sha256(f"{key}:{published}".encode()).hexdigest()[:32]


@condition(etag_func=feed_etag, last_modified_func=feed_last_modified)
def agenda_feed(request, index):
    """The subscribable agenda. Calendar apps poll it: a poll with the ETag or date they have
    gets a 304 while nothing changed, and the body is built once per change (cached)."""
    cache_key = f"agenda-feed:{feed_etag(request, index)}"
    body = cache.get(cache_key)
    if body is None:
        body = _feed_body(request, index)
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _feed_body(request, index):
    events = upcoming_events().child_of(index).filter(cancelled=False)
    name = str(_("Bijeenkomsten van het Ondernemersloket"))
    slug = request.GET.get("thema", "").strip()
    if slug:
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise Http404(_("Dit thema kennen we niet."))
        events = events.filter(themes=theme).distinct()
        name = f"{name}: {theme.name}"
    calendar = feed_calendar(events[:FEED_LIMIT], name=name, base_url=index.get_full_url(request))
    return calendar.to_ical()
