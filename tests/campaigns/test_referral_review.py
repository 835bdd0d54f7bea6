"""The credits review list tells staff why a Tip een ander award waits: the referral's risk."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from campaigns import services
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind, Status
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    user = MemberFactory(email="linda@loket.example.nl", first_name="Linda", is_staff=True)
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user


def _risky_award(referrer, n):
    user = UserFactory(email=f"iemand{n}@mailinator.com", last_name="de Vries")
    referral = services.attribute(user, code=services.code_for(referrer))
    services.qualify(user, source="attendance", reference=f"test:{n}")
    return referral


def test_the_review_list_shows_the_referrals_risk_beside_the_award(client, referrer, reviewer):
    referral = _risky_award(referrer, 1)
    assert CreditTransaction.objects.filter(kind=Kind.AWARD, status=Status.PENDING).exists()
    client.force_login(reviewer)
    html = client.get(reverse("credits_admin:review")).content.decode()
    assert f"Risicoscore {referral.risk_score}" in html
    for reason in referral.risk_reasons:
        assert str(reason) in html


def test_an_award_from_elsewhere_carries_no_risk_note(client, referrer, reviewer):
    credits.award_credits(referrer, 5, reason="Correctie", reference="r:1", needs_review=True)
    client.force_login(reviewer)
    html = client.get(reverse("credits_admin:review")).content.decode()
    assert "Correctie" in html and "Risicoscore" not in html


def test_the_review_list_keeps_its_queries_as_risky_awards_grow(
    client, referrer, reviewer, django_assert_max_num_queries
):
    _risky_award(referrer, 1)
    client.force_login(reviewer)
    client.get(reverse("credits_admin:review"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("credits_admin:review"))
    for n in range(2, 7):
        _risky_award(referrer, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("credits_admin:review")).content.decode()
    assert html.count("Risicoscore") >= 6
