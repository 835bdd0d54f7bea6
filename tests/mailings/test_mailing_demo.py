"""The seed_demo step: the launch teaser sent, the invitation scheduled; twice changes nothing."""

import pytest

from campaigns.mailings.demo import INVITATION_SUBJECT, TEASER_SUBJECT, seed_mailings
from campaigns.mailings.models import Mailing, MailingStatus
from loket.core.seeding import SeedContext
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_teaser_sent_invitation_scheduled_and_safe_to_run_twice(subscriber):
    members = [subscriber(email=f"demo{n}@example.com") for n in range(3)]
    for member in members[:2]:
        member.profile.newsletter = False  # the demo members start without consent
        member.profile.save()

    seed_mailings(SeedContext(options={}))
    seed_mailings(SeedContext(options={}))

    teaser = Mailing.objects.get(subject=TEASER_SUBJECT)
    invitation = Mailing.objects.get(subject=INVITATION_SUBJECT)
    assert teaser.status == MailingStatus.SENT and teaser.sent_count == 3
    assert invitation.status == MailingStatus.SCHEDULED and invitation.scheduled_at
    assert teaser.campaign is None  # no campaign step ran in this test
    rows = OutgoingMail.objects.filter(idempotency_key__startswith=f"mailing:{teaser.pk}:")
    assert rows.count() == 3
    assert Mailing.objects.count() == 2
    first = rows.order_by("pk").first()
    assert "Waarom kan ik je online niet vinden?" in first.html
    assert "utm_campaign=mailing-" in first.text
