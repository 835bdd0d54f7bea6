"""Fixtures of the campaign page tests: /campagnes/, campaigns in every period, a launch campaign
with every block type over real events, communities, experiences, an ambassador and an offer."""

import itertools
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from campaigns.offers import LimitedOffer
from campaigns.page_demo import launch_body
from campaigns.pages import CampaignPage
from loket.accounts.models import User
from loket.themes.models import Theme
from testimonials.models import Ambassador, Experience
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExperienceFactory,
    ExperienceIndexPageFactory,
    MemberFactory,
)

_counter = itertools.count(1)


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="marketing")


@pytest.fixture
def campaign_index(home):
    return CampaignIndexPageFactory(parent=home, intro="Wat er nu loopt bij het Ondernemersloket.")


@pytest.fixture
def make_campaign(campaign_index):
    """``make_campaign(starts=-1, ends=30, **fields)``: a published campaign, days from now."""

    def make(starts=-1, ends=30, publish_it=True, **fields):
        now = timezone.now()
        defaults = {
            "intro": "Een kritische blik op je bedrijf, van ondernemers die het meemaakten.",
            "starts_at": now + timedelta(days=starts),
            "ends_at": now + timedelta(days=ends) if ends is not None else None,
        }
        defaults.update(fields)
        return CampaignPageFactory(parent=campaign_index, publish=publish_it, **defaults)

    return make


@pytest.fixture
def agenda(home):
    return EventIndexPageFactory(parent=home, title="Agenda", slug="agenda", intro="")


@pytest.fixture
def make_event(agenda):
    def make(days=5, themes=(), **fields):
        n = next(_counter)
        defaults = {
            "title": f"Gevonden worden online {n}",
            "slug": f"gevonden-worden-{n}",
            "intro": "Ondernemers laten zien hoe klanten hen online vinden.",
            "start": timezone.now() + timedelta(days=days),
            "venue_address": "",
            "region": "",
            "themes": themes,
        }
        defaults.update(fields)
        return EventPageFactory(parent=agenda, **defaults)

    return make


@pytest.fixture
def community_index(home):
    return CommunityIndexPageFactory(parent=home, intro="")


@pytest.fixture
def make_community(community_index):
    def make(themes=(), **fields):
        n = next(_counter)
        defaults = {
            "title": f"Zichtbaar ondernemen {n}",
            "slug": f"zichtbaar-{n}",
            "intro": "Ondernemers helpen elkaar online beter gevonden te worden.",
            "is_public": True,
            "region": "",
            "sector": "",
            "themes": themes,
        }
        defaults.update(fields)
        return CommunityPageFactory(parent=community_index, **defaults)

    return make


@pytest.fixture
def make_experiences(home, theme):
    ExperienceIndexPageFactory(parent=home, intro="")

    def make(n):
        start = next(_counter) * 10_000
        return Experience.objects.bulk_create(
            ExperienceFactory.build(
                quote=f"Sinds de kritische blik vinden klanten me wel ({start + i}).",
                score=9,
                theme=theme,
                minutes_ago=i,
            )
            for i in range(n)
        )

    return make


@pytest.fixture
def ambassador(db, theme):
    ambassador = Ambassador.objects.create(
        name="Yasmina Bouali",
        slug="yasmina-bouali",
        company="Bouali Schoonmaak",
        quote="Ondernemen doe je samen.",
        offer="Een uur sparren over groeien met personeel.",
        consent_text="Akkoord met tonen op de website.",
        consent_at=timezone.now(),
    )
    ambassador.themes.set([theme])
    return ambassador


@pytest.fixture
def make_offer(db):
    def make(campaign, total=50, key=None):
        return LimitedOffer.objects.create(
            campaign=campaign,
            key=key or f"aanbod-{next(_counter)}",
            title="De eerste aanmelders spreken een bekende ondernemer",
            description="Een uur sparren met een ambassadeur.",
            total=total,
        )

    return make


@pytest.fixture
def launch(
    make_campaign,
    make_event,
    make_community,
    make_experiences,
    ambassador,
    make_offer,
    agenda,
    theme,
):
    """A running launch campaign with every block type over real content."""
    make_event(title="Gevonden worden op Google", themes=[theme])
    make_community(title="Marketing voor de mkb'er", themes=[theme])
    make_experiences(3)
    page = make_campaign(
        title="Een kritische blik",
        slug="een-kritische-blik",
        code="een-kritische-blik",
        theme=theme,
        og_title="Waarom kan ik je online niet vinden?",
        og_description="Een gratis, kritische blik op je bedrijf.",
    )
    offer = make_offer(page, total=50, key="gesprek")
    page.body = launch_body(theme=theme, ambassador=ambassador, offer=offer, cta_page=agenda)
    page.save_revision().publish()
    return CampaignPage.objects.get(pk=page.pk)


@pytest.fixture
def member(db):
    return MemberFactory(email="sanne@example.nl", first_name="Sanne", last_name="de Vries")


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        "redactie@ondernemersloket.nl", "Redactie-wachtwoord-9", first_name="Rob"
    )
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user
