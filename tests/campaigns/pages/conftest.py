"""Fixtures of the campaign page tests: /campagnes/, campaigns in every period, a launch campaign
with every block type over real events, communities, experiences, an ambassador and an offer."""

import itertools
from datetime import timedelta

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Page, Site

from campaigns.offers import LimitedOffer
from campaigns.page_demo import launch_body
from campaigns.pages import CampaignIndexPage, CampaignPage
from community.models import CommunityIndexPage, CommunityPage
from events.models import EventIndexPage, EventPage
from loket.themes.models import Theme
from testimonials.models import Ambassador, Experience, TestimonialsIndexPage
from tests.factories import MemberFactory

_counter = itertools.count(1)


@pytest.fixture
def home(db):
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(title="Home", slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="marketing")


@pytest.fixture
def campaign_index(home):
    return publish(
        home,
        CampaignIndexPage(
            title="Campagnes",
            slug="campagnes",
            intro="Wat er nu loopt bij het Ondernemersloket.",
        ),
    )


@pytest.fixture
def make_campaign(campaign_index):
    """``make_campaign(starts=-1, ends=30, **fields)``: a published campaign, days from now."""

    def make(starts=-1, ends=30, publish_it=True, **fields):
        n = next(_counter)
        now = timezone.now()
        defaults = {
            "title": f"Campagne {n}",
            "slug": f"campagne-{n}",
            "code": f"campagne-{n}",
            "intro": "Een kritische blik op je bedrijf, van ondernemers die het meemaakten.",
            "starts_at": now + timedelta(days=starts),
            "ends_at": now + timedelta(days=ends) if ends is not None else None,
        }
        defaults.update(fields)
        page = CampaignPage(**defaults)
        campaign_index.add_child(instance=page)
        if publish_it:
            page.save_revision().publish()
        else:
            page.live = False
            page.save_revision()
            CampaignPage.objects.filter(pk=page.pk).update(live=False)
        return CampaignPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def agenda(home):
    return publish(home, EventIndexPage(title="Agenda", slug="agenda"))


@pytest.fixture
def make_event(agenda):
    def make(days=5, themes=(), **fields):
        n = next(_counter)
        start = timezone.now() + timedelta(days=days)
        defaults = {
            "title": f"Gevonden worden online {n}",
            "slug": f"gevonden-worden-{n}",
            "intro": "Ondernemers laten zien hoe klanten hen online vinden.",
            "start": start,
            "end": start + timedelta(hours=2),
            "capacity": 20,
            "venue_name": "Het Ondernemershuis",
            "municipality": "Utrecht",
        }
        defaults.update(fields)
        event = EventPage(**defaults)
        agenda.add_child(instance=event)
        if themes:
            event.themes.set(themes)
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def community_index(home):
    return publish(home, CommunityIndexPage(title="Communities", slug="communities"))


@pytest.fixture
def make_community(community_index):
    def make(themes=(), **fields):
        n = next(_counter)
        defaults = {
            "title": f"Zichtbaar ondernemen {n}",
            "slug": f"zichtbaar-{n}",
            "intro": "Ondernemers helpen elkaar online beter gevonden te worden.",
            "is_public": True,
        }
        defaults.update(fields)
        community = CommunityPage(**defaults)
        community_index.add_child(instance=community)
        if themes:
            community.themes.set(themes)
        community.save_revision().publish()
        return CommunityPage.objects.get(pk=community.pk)

    return make


@pytest.fixture
def make_experiences(home, theme):
    publish(home, TestimonialsIndexPage(title="Ervaringen", slug="ervaringen"))

    def make(n):
        now = timezone.now()
        start = next(_counter) * 10_000
        return Experience.objects.bulk_create(
            Experience(
                contributor_name=f"Ondernemer {start + i}",
                contributor_email=f"ondernemer{start + i}@example.nl",
                company_name=f"Bedrijf {start + i}",
                sector="G",
                quote=f"Sinds de kritische blik vinden klanten me wel ({start + i}).",
                score=9,
                theme=theme,
                subject_kind="loket",
                display_mode="volledig",
                status="goedgekeurd",
                is_public=True,
                approved_at=now - timedelta(minutes=i),
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
    from loket.accounts.models import User

    user = User.objects.create_user(
        "redactie@ondernemersloket.nl", "Redactie-wachtwoord-9", first_name="Rob"
    )
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user
