"""What the community app offers to theme pages and the home page through the registry.

Only public communities' discussions are ever listed: members-only talk stays out of every
listing, feed and cache.
"""

from django.db.models import Count, Q

from loket.core import memo, registry
from loket.core.search import search_text

from .models import CommunityPage, Thread


def communities_queryset():
    # The view restrictions once per request, shared with every other listing on the page.
    return (
        memo.public(CommunityPage.objects.live())
        .defer_streamfields()
        .annotate(
            member_total=Count("memberships", filter=Q(memberships__status="lid"), distinct=True)
        )
        .prefetch_related("themes")
    )


def communities_for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider (by_theme): the communities about ``theme``, the biggest first."""
    communities = communities_queryset().filter(themes=theme)
    communities = registry.in_site(communities, site)
    return list(communities.order_by("-member_total", "title")[:limit])


def latest_public_discussions(limit=3, site=None, **kwargs):
    """Registry provider (latest): the newest discussions of public communities."""
    threads = Thread.objects.visible().filter(community__is_public=True, community__live=True)
    if site is not None:
        threads = threads.filter(community__path__startswith=site.root_page.path)
    return list(
        threads.select_related("community", "author")
        .annotate(reply_total=Count("replies", filter=Q(replies__is_hidden=False)))
        .order_by("-created_at", "-pk")[:limit]
    )


def search_public_threads(query, limit=20):
    """Full-text search over public discussions, for the site search (members-only never)."""
    public = list(CommunityPage.objects.live().filter(is_public=True).values_list("pk", flat=True))
    threads = Thread.objects.filter(community_id__in=public, is_hidden=False).select_related(
        "community"
    )
    return search_text(threads, query)[:limit]


def organisers_of_event(event, limit=3, site=None, **kwargs):
    """Registry provider (by_event): the live communities that organise ``event``."""
    return list(
        communities_queryset()
        .filter(community_events__event=event)
        .order_by("title")
        .distinct()[:limit]
    )
