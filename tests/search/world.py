"""A region with one of every kind the site search finds: the world of the tests of ``/zoeken/``,
shared with the browser test."""

from datetime import timedelta

from django.utils import timezone

from community.models import Thread
from loket.core.models import StandardPage, ThemeIndexPage
from loket.themes.models import Theme
from testimonials.models import CasePage
from tests.factories import (
    CampaignPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    ExperienceFactory,
    MemberFactory,
)
from tests.factories.pages import publish
from tests.factories.testimonials import ExperienceIndexPageFactory


def sustainability():
    """The theme Duurzaamheid (made again where a transactional test emptied the table)."""
    theme, _created = Theme.objects.get_or_create(
        slug="duurzaamheid",
        defaults={
            "name": "Duurzaamheid",
            "description": "Energie besparen en duurzaam ondernemen dat ook loont.",
        },
    )
    return theme


def build_region(home, theme):
    """The default site with a theme index, and about "zonnepanelen" one item of every kind."""
    publish(home, ThemeIndexPage(title="Thema's", slug="themas"))
    publish(
        home,
        StandardPage(
            title="Zonnepanelen op je bedrijfsdak",
            slug="zonnepanelen",
            intro="Wat zonnepanelen kosten en opleveren voor een mkb-bedrijf.",
            body=[
                {
                    "type": "paragraph",
                    "value": {"text": "<p>Begin met een scan van je energieverbruik.</p>"},
                }
            ],
        ),
    )
    EventPageFactory(
        title="Meetup zonnepanelen en subsidie",
        slug="meetup-zonnepanelen",
        intro="Drie ondernemers vertellen hoe zij zonnepanelen betaalden.",
        themes=[theme],
    )
    community = CommunityPageFactory(
        title="Duurzaam ondernemen",
        slug="duurzaam-ondernemen",
        intro="Ondernemers over energie, zonnepanelen en afval.",
        is_public=True,
        themes=[theme],
    )
    Thread.objects.create(
        community=community,
        author=MemberFactory(),
        title="Wie heeft ervaring met zonnepanelen op een huurpand?",
        body="Mijn verhuurder twijfelt. Hoe hebben jullie dat geregeld?",
    )
    index = ExperienceIndexPageFactory(parent=home)
    ExperienceFactory(
        quote="Dankzij de meetup liggen er nu zonnepanelen op ons dak.",
        contributor_name="Pieter Zonnebloem",
        theme=theme,
    )
    publish(
        index,
        CasePage(
            title="Van dak vol grind naar dak vol zonnepanelen",
            slug="dak-vol-zonnepanelen",
            intro="Hoe een drukkerij haar energierekening halveerde.",
            company="Drukkerij Van Dam",
        ),
    )
    CampaignPageFactory(
        title="Zonnepanelenweken",
        slug="zonnepanelenweken",
        intro="Vier weken lang alles over zonnepanelen voor ondernemers.",
        theme=theme,
    )
    return home


def past_event(**fields):
    start = timezone.now() - timedelta(days=30)
    return EventPageFactory(start=start, end=start + timedelta(hours=2), **fields)
