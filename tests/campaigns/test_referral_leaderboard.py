"""Ambassadeurs van de maand: only members who agreed, ranked by qualified tips."""

import pytest

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Referral
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _qualified(referrer, n):
    for _ in range(n):
        Referral.objects.create(
            referrer=referrer,
            referred=MemberFactory(),
            channel="link",
            status=Referral.Status.QUALIFIED,
            qualified_at=timezone.now(),
        )


def test_only_members_who_agreed_are_shown_best_first():
    shy, proud, prouder = (MemberFactory(first_name=n) for n in ("Shy", "Proud", "Prouder"))
    _qualified(shy, 5)
    _qualified(proud, 1)
    _qualified(prouder, 2)
    services.set_leaderboard(proud, True)
    services.set_leaderboard(prouder, True)
    assert services.ambassadors_of_the_month() == [prouder, proud]
    services.set_leaderboard(prouder, False)
    assert services.ambassadors_of_the_month() == [proud]


def test_the_tag_renders_the_board_with_constant_queries(django_assert_max_num_queries):
    template = Template("{% load referral_tags %}{% ambassadors_of_the_month 5 %}")
    for n in range(6):
        member = MemberFactory(first_name=f"Tipper{n}")
        _qualified(member, 1)
        services.set_leaderboard(member, True)
    with django_assert_max_num_queries(1):
        html = template.render(Context({}))
    assert "Ambassadeurs van de maand" in html and html.count("<li>") == 5


def test_members_choose_on_the_tip_page(client):
    member = MemberFactory()
    client.force_login(member)
    client.post(reverse("campaigns:leaderboard_choice"), {"show": "ja"})
    assert services.shows_on_leaderboard(member)
    page = client.get(reverse("campaigns:tip_page")).content.decode()
    assert "Haal mijn naam weg" in page
    client.post(reverse("campaigns:leaderboard_choice"), {"show": "nee"})
    assert not services.shows_on_leaderboard(member)


def test_visitors_cannot_choose(client):
    response = client.post(reverse("campaigns:leaderboard_choice"), {"show": "ja"})
    assert response.status_code == 302
