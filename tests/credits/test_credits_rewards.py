"""Rewards: redeeming spends credits, stock is never over-issued, cancelling refunds."""

import pytest

from loket.credits import services
from loket.credits.models import Redemption, Reward

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(db):
    return Reward.objects.create(
        title="Gratis plek bij een seminar", type=Reward.Type.SEAT, price=20, stock=1
    )


def test_redeeming_spends_the_price(member, seat):
    services.award_credits(member, 25, reason="Tip", reference="r:1")
    redemption = services.redeem(member, seat)
    assert redemption.state == Redemption.State.REQUESTED
    assert redemption.spend.amount == -20
    assert services.balance(member).available == 5
    assert services.stock_left(seat) == 0


def test_a_reward_out_of_stock_is_refused_and_nothing_is_spent(member, other, seat):
    services.award_credits(member, 20, reason="Tip", reference="r:1")
    services.award_credits(other, 20, reason="Tip", reference="r:1")
    services.redeem(member, seat)
    with pytest.raises(services.CreditError) as error:
        services.redeem(other, seat)
    assert error.value.code == "out_of_stock"
    assert services.balance(other).available == 20


def test_too_few_credits_is_refused_and_keeps_the_stock(member, seat):
    services.award_credits(member, 5, reason="Tip", reference="r:1")
    with pytest.raises(services.InsufficientCredits):
        services.redeem(member, seat)
    assert services.stock_left(seat) == 1
    assert not Redemption.objects.exists()


def test_cancelling_refunds_and_frees_the_stock_once(member, seat, staff):
    services.award_credits(member, 20, reason="Tip", reference="r:1")
    redemption = services.redeem(member, seat)
    services.cancel_redemption(redemption, staff=staff)
    assert services.balance(member).available == 20
    assert services.stock_left(seat) == 1
    with pytest.raises(services.CreditError):
        services.cancel_redemption(redemption, staff=staff)
    assert services.balance(member).available == 20


def test_an_inactive_reward_cannot_be_chosen(member, seat):
    services.award_credits(member, 20, reason="Tip", reference="r:1")
    Reward.objects.filter(pk=seat.pk).update(active=False)
    with pytest.raises(services.CreditError):
        services.redeem(member, seat)
