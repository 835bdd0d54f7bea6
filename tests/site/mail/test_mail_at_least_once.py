"""At least once, said honestly: a row is committed ``sending`` with its Message-ID before SMTP.

A worker that dies between the SMTP server's acceptance and ``sent`` leaves the row ``sending``;
past ``STUCK_SENDING_AFTER`` it counts as possibly sent: transactional mail is sent again, bulk
mail is skipped with a note staff can read.
"""

from datetime import timedelta

import pytest

from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from loket.mail import services
from loket.mail.models import Category, OutgoingMail
from loket.mail.tasks import resend_stuck_mail
from tests.site.mail.test_mail_admin import superuser  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status
MESSAGE_ID = "<outbox.7.20261203080000@ondernemersloket.nl>"


def _cut_off(key, category=Category.TRANSACTIONAL, ago=timedelta(minutes=20)):
    """A row whose worker died mid-send ``ago``: still ``sending``, one attempt, a Message-ID."""
    row = OutgoingMail.objects.create(
        to=f"{key}@example.nl",
        from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
        subject=f"Over {key}",
        html="<p>Hoi</p>",
        text="Hoi",
        template="notification",
        idempotency_key=key,
        category=category,
        status=Status.SENDING,
        attempts=1,
        message_id=MESSAGE_ID,
    )
    OutgoingMail.objects.filter(pk=row.pk).update(updated_at=timezone.now() - ago)
    return row


@pytest.mark.django_db(transaction=True)
def test_a_delivery_commits_sending_with_its_message_id_before_smtp(
    notification_context, monkeypatch
):
    seen = []
    real_send = LocmemBackend.send_messages

    def send_messages(self, messages):
        [message] = messages
        row = OutgoingMail.objects.get(to="fatima@example.nl")
        # Committed, and no transaction (no row lock) held while SMTP talks.
        seen.append((row.status, row.message_id, message.extra_headers["Message-ID"]))
        assert not connection.in_atomic_block
        return real_send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_messages)
    row = services.queue_mail(
        to="fatima@example.nl",
        template="notification",
        context=notification_context,
        idempotency_key="at-least-once:1",
    )

    [(status, stored_id, header_id)] = seen
    assert status == Status.SENDING
    assert stored_id == header_id and header_id.startswith(f"<outbox.{row.pk}.")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.message_id) == (Status.SENT, 1, header_id)
    assert row.sent_at is not None and row.note == ""


def test_a_transactional_mail_cut_off_mid_send_is_sent_again(django_capture_on_commit_callbacks):
    row = _cut_off("bevestiging")

    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 1

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert "mogelijk al aangekomen" in row.note and "Opnieuw verstuurd" in row.note
    [message] = django_mail.outbox
    # The same Message-ID as the first attempt: a mail client can drop the duplicate.
    assert message.extra_headers["Message-ID"] == MESSAGE_ID == row.message_id


def test_a_mailing_cut_off_mid_send_is_skipped_and_says_why(
    django_capture_on_commit_callbacks,
    client,
    superuser,  # noqa: F811
):
    row = _cut_off("mailing", category=Category.BULK)

    with django_capture_on_commit_callbacks(execute=True):
        resend_stuck_mail.apply()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SKIPPED, 1)
    assert django_mail.outbox == []
    assert "mogelijk al aangekomen" in row.note and "niet nog eens" in row.note
    assert MESSAGE_ID in row.note
    client.force_login(superuser)
    page = client.get(f"/admin/snippets/mail/outgoingmail/inspect/{row.pk}/")
    assert page.status_code == 200
    assert "Een mailing sturen we niet nog eens." in page.content.decode()
    assert "Overgeslagen" in page.content.decode()


def test_a_row_another_attempt_is_sending_is_left_alone(django_capture_on_commit_callbacks):
    row = _cut_off("bezig", ago=timedelta(minutes=2))

    assert services.deliver(row.pk).status == Status.SENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 0

    row.refresh_from_db()
    assert (row.status, row.attempts, row.note) == (Status.SENDING, 1, "")
    assert django_mail.outbox == []


def test_a_failed_attempt_goes_back_to_the_queue_with_its_message_id(
    notification_context, smtp_failures, django_capture_on_commit_callbacks
):
    smtp_failures(1)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.queue_mail(
            to="fatima@example.nl",
            template="notification",
            context=notification_context,
            idempotency_key="at-least-once:2",
        )
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.QUEUED, 1)
    assert row.message_id.startswith(f"<outbox.{row.pk}.")
    assert "SMTPServerDisconnected" in row.last_error
