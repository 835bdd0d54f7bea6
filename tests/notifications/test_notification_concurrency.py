"""A task retried while the first run is still busy: one notification and one mail, on
PostgreSQL (where the unique constraint really races).

Run with ``DATABASE_URL=postgres://… pytest tests/notifications -m postgres``.
"""

import pytest

from loket.mail.models import OutgoingMail
from loket.notifications import services
from loket.notifications.models import Kind, Notification
from tests.concurrency import run_concurrently
from tests.factories import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_calls_notify_and_mail_once():
    member = MemberFactory(email="sanne@example.nl")

    def call(_n):
        return services.notify(
            member,
            Kind.HELPFUL_ANSWER,
            key="42",
            title="Je antwoord is gekozen als nuttigste",
            url="/communities/bouw/",
            mail=services.standard_mail(
                member,
                key="community-helpful:42",
                subject="Je antwoord is gekozen als nuttigste",
                paragraphs=["Rob vond jouw antwoord het nuttigst."],
                button_label="Bekijk de discussie",
                url="https://loket.example.nl/communities/bouw/",
            ),
        )

    results = run_concurrently(call, 20)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert len({r.pk for r in results}) == 1
    assert Notification.objects.filter(recipient=member).count() == 1
    assert OutgoingMail.objects.filter(to=member.email).count() == 1
