"""The seed_demo step: tips in every state, credits, a spent reward, an expiry, a reversal."""

import pytest

from campaigns.demo import seed_referrals
from campaigns.models import Referral
from loket.core.seeding import SeedContext
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind, Redemption

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state_and_is_safe_to_run_twice():
    seed_referrals(SeedContext(options={}))
    rows = CreditTransaction.objects.count()
    seed_referrals(SeedContext(options={}))
    assert CreditTransaction.objects.count() == rows
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"getipt", "aangemeld", "gekwalificeerd"} <= statuses
    kinds = set(CreditTransaction.objects.values_list("kind", flat=True))
    assert {Kind.AWARD, Kind.SPEND, Kind.EXPIRY, Kind.CORRECTION} <= kinds
    assert Redemption.objects.exists()
    anouk = Referral.objects.first().referrer
    assert credits.balance(anouk).available > 0
