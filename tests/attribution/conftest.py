"""Fixtures of the attribution tests: live campaign pages, staff, and a beacon helper."""

import itertools
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignIndexPage, CampaignKind, CampaignPage
from tests.factories import MemberFactory, UserFactory

BEACON = "/attributie/bezoek/"
ORIGIN = "http://testserver"
_counter = itertools.count(1)


@pytest.fixture
def campaign_index(home):
    index = CampaignIndexPage.objects.first()
    if index is None:
        index = CampaignIndexPage(title="Campagnes", slug="campagnes")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def make_campaign(campaign_index):
    def make(code=None, *, live=True, **fields):
        n = next(_counter)
        page = CampaignPage(
            title=fields.pop("title", f"Campagne {n}"),
            slug=fields.pop("slug", f"campagne-{n}"),
            code=code or f"campagne-{n}",
            starts_at=fields.pop("starts_at", timezone.now() - timedelta(days=1)),
            **fields,
        )
        campaign_index.add_child(instance=page)
        if live:
            page.save_revision().publish()
        else:
            CampaignPage.objects.filter(pk=page.pk).update(live=False)
        return CampaignPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def launch(make_campaign):
    return make_campaign(
        "een-kritische-blik",
        title="Een kritische blik",
        intro="Waarom kan ik je online niet vinden?",
    )


@pytest.fixture
def word_of_mouth(make_campaign):
    return make_campaign(
        "tip-een-ander-najaar", title="Tip een ander", kind=CampaignKind.WORD_OF_MOUTH
    )


@pytest.fixture
def beacon():
    """POST a beacon hit as the campaign page's script does; returns the response."""

    def hit(
        client,
        query="",
        *,
        path="/campagnes/een-kritische-blik/",
        code="",
        event="bezoek",
        origin=ORIGIN,
    ):
        headers = {"HTTP_ORIGIN": origin} if origin else {}
        return client.post(BEACON, {"q": query, "p": path, "c": code, "e": event}, **headers)

    return hit


@pytest.fixture
def communicatie(db):
    user = UserFactory(email="lotte@loket.example", email_verified=True)
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user


@pytest.fixture
def community_manager(db):
    user = UserFactory(email="bram@loket.example", email_verified=True)
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def results_url():
    def url(page, **params):
        from urllib.parse import urlencode

        base = reverse("attribution_admin:detail", args=[page.pk])
        return base + ("?" + urlencode(params) if params else "")

    return url


@pytest.fixture
def make_event(home):
    from events.models import EventIndexPage, EventPage

    def make(**fields):
        index = EventIndexPage.objects.first()
        if index is None:
            index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten", intro="Kom langs!")
            home.add_child(instance=index)
            index.save_revision().publish()
        n = next(_counter)
        start = timezone.now() + timedelta(days=5)
        event = EventPage(
            title=f"Grip op je cashflow {n}",
            slug=f"grip-op-je-cashflow-{n}",
            intro="Ondernemers vertellen hoe zij hun cashflow op orde kregen.",
            start=start,
            end=start + timedelta(hours=2),
            capacity=20,
            venue_name="Het Ondernemershuis",
            municipality="Utrecht",
            **fields,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def make_community(home):
    from community.models import CommunityIndexPage, CommunityPage

    def make():
        index = CommunityIndexPage.objects.first()
        if index is None:
            index = CommunityIndexPage(title="Communities", slug="communities", intro="Peers.")
            home.add_child(instance=index)
            index.save_revision().publish()
        n = next(_counter)
        community = CommunityPage(
            title=f"Bouwondernemers {n}",
            slug=f"bouwondernemers-{n}",
            intro="Ondernemers in de bouw helpen elkaar verder.",
            region="utrecht",
            sector="F",
        )
        index.add_child(instance=community)
        community.save_revision().publish()
        return CommunityPage.objects.get(pk=community.pk)

    return make


@pytest.fixture
def touch_of(db):
    """Give ``user`` a stored last (and first) touch for ``code`` via ``channel``."""
    from campaigns.attribution.models import Touch

    def give(user, code, channel="mailing/email", *, days_ago=1):
        moment = timezone.now() - timedelta(days=days_ago)
        for position in ("eerste", "laatste"):
            Touch.objects.update_or_create(
                user=user,
                position=position,
                defaults={"campaign_code": code, "channel": channel, "touched_at": moment},
            )

    return give
