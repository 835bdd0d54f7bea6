"""Races on PostgreSQL: two staff (or a double click) hand the same request over at once, and a
partner's confirmation clicked many times at once: one handover, one introduction, one log."""

import pytest

from wagtail.models import ModelLogEntry

from loket.mail.models import OutgoingMail
from loket.partners import services
from loket.partners.models import FollowUp, Handover, Tier
from tests.concurrency import run_concurrently, split_outcomes

from .conftest import make_partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_handovers_of_one_request_make_one(make_intake, theme):
    intake = make_intake()
    contacts = [
        make_partner(f"Bank{n} Nederland", None, Tier.SLA, reply_time=2)[1] for n in range(3)
    ]

    def hand_over(n):
        contact = contacts[n % 3]
        return services.hand_over(
            intake,
            contact=contact,
            consent_given=True,
            consent_shown=services.consent_text(contact),
        ).pk

    done, refused = split_outcomes(run_concurrently(hand_over, 12), services.PartnerError)
    assert len(done) == 1 and len(refused) == 11
    assert Handover.objects.count() == 1 and FollowUp.objects.count() == 1
    assert OutgoingMail.objects.filter(template="partners_introduction").count() == 2


def test_a_confirmation_clicked_at_once_confirms_once(make_intake, theme):
    contact = make_partner("Rabobank Nederland", None, Tier.SLA, reply_time=2)[1]
    handover = services.hand_over(
        make_intake(),
        contact=contact,
        consent_given=True,
        consent_shown=services.consent_text(contact),
    )
    results = run_concurrently(lambda n: services.confirm(handover.token)[1], 10)
    assert sorted(results) == [False] * 9 + [True]
    assert ModelLogEntry.objects.filter(action="loket.partners.confirmed").count() == 1
