"""What ``/zoeken/`` finds of the community app: communities, and the discussions of public ones.

Contributed to the ``SEARCH_SOURCES`` hook in ``community.wagtail_hooks``. A discussion is found
only while its community is live, public (``is_public``) and open to anyone, and while it is not
hidden, deleted or waiting for review; members-only talk and intervision never are.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from loket.core.hooks import SearchItem, SearchSource
from loket.core.search_sources import about_theme, text_of, visible_pages

from .models import CommunityPage, Thread


def communities(*, site, theme):
    return about_theme(visible_pages(CommunityPage.objects.all(), site), theme)


def describe_community(community: CommunityPage, request) -> SearchItem:
    return SearchItem(
        title=community.title,
        url=community.get_url(request),
        text=text_of(community, "intro", "body"),
        meta=community.municipality,
    )


def public_threads(*, site, theme):
    open_communities = visible_pages(CommunityPage.objects.filter(is_public=True), site)
    threads = Thread.objects.filter(
        community__in=open_communities.values("pk"),
        is_hidden=False,
        pending_review=False,
        deleted_at__isnull=True,
    ).select_related("community")
    return about_theme(threads, theme, "community__themes")


def describe_thread(thread: Thread, request) -> SearchItem:
    return SearchItem(
        title=thread.title,
        url=thread.get_url(request),
        text=thread.body,
        when=thread.created_at,
        meta=thread.community.title,
    )


def search_sources() -> list[SearchSource]:
    return [
        SearchSource(
            "community",
            _("Communities"),
            _("Community"),
            describe_community,
            queryset=communities,
            order=30,
        ),
        SearchSource(
            "discussie",
            _("Discussies"),
            _("Discussie"),
            describe_thread,
            queryset=public_threads,
            order=40,
        ),
    ]
