"""What ``/zoeken/`` finds of the campaigns app: the live campaign pages of the region and the
national ones.

Contributed to the ``SEARCH_SOURCES`` hook in ``campaigns.wagtail_hooks``; a campaign that has
ended is still found (its page says what comes next), after everything current.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core import memo
from loket.core.hooks import SearchItem, SearchSource
from loket.core.search_sources import text_of

from .pages import CampaignPage, in_region


def campaigns(*, site, theme):
    # The region's own campaigns and the national ones, which every region's site shows.
    found = in_region(memo.public(CampaignPage.objects.live()), site)
    return found if theme is None else found.filter(theme=theme)


def describe_campaign(campaign: CampaignPage, request) -> SearchItem:
    ended = campaign.ends_at is not None and campaign.ends_at <= timezone.now()
    return SearchItem(
        title=campaign.title,
        url=campaign.get_url(request),
        text=text_of(campaign, "search_description", "intro", "body"),
        is_past=ended,
        meta=str(_("Afgelopen")) if ended else "",
    )


def search_sources() -> list[SearchSource]:
    return [
        SearchSource(
            "campagne",
            _("Campagnes"),
            _("Campagne"),
            describe_campaign,
            queryset=campaigns,
            order=70,
        )
    ]
