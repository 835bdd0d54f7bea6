"""Fixtures of the attribution tests: live campaign pages, staff, and a beacon helper."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from campaigns.attribution.models import Touch
from campaigns.models import CampaignIndexPage, CampaignKind
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    MemberFactory,
    UserFactory,
)

BEACON = "/attributie/bezoek/"
ORIGIN = "http://testserver"


@pytest.fixture
def campaign_index(home):
    return CampaignIndexPage.objects.first() or CampaignIndexPageFactory(parent=home)


@pytest.fixture
def make_campaign(campaign_index):
    def make(code=None, *, live=True, **fields):
        if code:
            fields["code"] = code
        return CampaignPageFactory(parent=campaign_index, publish=live, **fields)

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
        base = reverse("attribution_admin:detail", args=[page.pk])
        return base + ("?" + urlencode(params) if params else "")

    return url


@pytest.fixture
def make_event(home):
    def make(**fields):
        fields.setdefault("start", timezone.now() + timedelta(days=5))
        return EventPageFactory(venue_address="", region="", **fields)

    return make


@pytest.fixture
def make_community(home):
    def make():
        return CommunityPageFactory()

    return make


@pytest.fixture
def touch_of(db):
    """Give ``user`` a stored last (and first) touch for ``code`` via ``channel``."""

    def give(user, code, channel="mailing/email", *, days_ago=1):
        moment = timezone.now() - timedelta(days=days_ago)
        for position in ("eerste", "laatste"):
            Touch.objects.update_or_create(
                user=user,
                position=position,
                defaults={"campaign_code": code, "channel": channel, "touched_at": moment},
            )

    return give
