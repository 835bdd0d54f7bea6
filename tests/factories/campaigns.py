"""Factories for the campaigns app: the /campagnes/ index and campaign pages.

``CampaignPageFactory()`` publishes a campaign that started yesterday under the first index.
"""

from __future__ import annotations

from datetime import timedelta

import factory

from django.utils import timezone

from campaigns.models import CampaignIndexPage, CampaignPage

from .pages import PageFactory, index_of


class CampaignIndexPageFactory(PageFactory):
    class Meta:
        model = CampaignIndexPage

    title = "Campagnes"
    slug = "campagnes"


class CampaignPageFactory(PageFactory):
    """A published campaign that started a day ago and has no end."""

    class Meta:
        model = CampaignPage

    parent = index_of(CampaignIndexPage, CampaignIndexPageFactory)
    title = factory.Sequence(lambda n: f"Campagne {n}")
    slug = factory.Sequence(lambda n: f"campagne-{n}")
    code = factory.Sequence(lambda n: f"campagne-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
