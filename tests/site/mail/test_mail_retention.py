"""Retention: bodies of done bulk mail are dropped after MAIL_BODY_RETENTION_DAYS, nothing else."""

from datetime import timedelta

import pytest

from django.conf import settings as django_settings
from django.utils import timezone

from loket.mail import tasks
from loket.mail.models import Category, OutgoingMail
from loket.mail.services import drop_old_bodies, queue_mail

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status


def _mail(key, *, category=Category.BULK, status=Status.SENT, days_ago=40):
    moment = timezone.now() - timedelta(days=days_ago)
    mail = OutgoingMail.objects.create(
        to=f"{key}@example.nl",
        from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
        subject=f"Onderwerp {key}",
        html="<p>Hoi Fatima</p>" * 50,
        text="Hoi Fatima",
        headers={"List-Unsubscribe": "<https://loket.example/afmelden/x/>"},
        template="mailing",
        category=category,
        status=status,
        idempotency_key=key,
        message_id=f"<{key}@ondernemersloket.nl>",
    )
    # created_at/updated_at are automatic: set the clock of the row as if it were old.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        created_at=moment,
        updated_at=moment,
        sent_at=moment if status == Status.SENT else None,
    )
    mail.refresh_from_db()
    return mail


def test_drops_bodies_of_old_done_bulk_mail_and_keeps_what_an_operator_needs(settings):
    settings.MAIL_BODY_RETENTION_DAYS = 30
    old_sent = _mail("old-sent")
    old_skipped = _mail("old-skipped", status=Status.SKIPPED)
    recent = _mail("recent", days_ago=5)
    transactional = _mail("transactional", category=Category.TRANSACTIONAL)
    queued = _mail("queued", status=Status.QUEUED)
    failed = _mail("failed", status=Status.FAILED)

    assert drop_old_bodies() == 2

    for mail in (old_sent, old_skipped):
        row = OutgoingMail.objects.get(pk=mail.pk)
        assert (row.html, row.text, row.headers) == ("", "", {})
        assert (row.to, row.subject, row.status, row.idempotency_key, row.message_id) == (
            mail.to,
            mail.subject,
            mail.status,
            mail.idempotency_key,
            mail.message_id,
        )
        assert (row.created_at, row.updated_at, row.sent_at) == (
            mail.created_at,
            mail.updated_at,
            mail.sent_at,
        )
    for mail in (recent, transactional, queued, failed):
        row = OutgoingMail.objects.get(pk=mail.pk)
        assert row.html == mail.html and row.text == mail.text and row.headers == mail.headers


def test_safe_to_run_twice_and_works_in_batches(settings):
    settings.MAIL_BODY_RETENTION_DAYS = 30
    for n in range(5):
        _mail(f"old-{n}")
    assert drop_old_bodies(batch_size=2) == 5
    assert drop_old_bodies(batch_size=2) == 0
    assert not OutgoingMail.objects.exclude(html="").exists()


def test_the_retention_period_is_a_setting(settings):
    _mail("ten-days", days_ago=10)
    settings.MAIL_BODY_RETENTION_DAYS = 30
    assert drop_old_bodies() == 0
    settings.MAIL_BODY_RETENTION_DAYS = 7
    assert drop_old_bodies() == 1


def test_a_blanked_row_still_stops_a_second_mail_with_its_key(settings, mailoutbox):
    settings.MAIL_BODY_RETENTION_DAYS = 30
    mail = _mail("mailing:1:7")
    drop_old_bodies()
    again = queue_mail(
        to=mail.to,
        template="notification",
        context={"heading": "Nog eens"},
        idempotency_key="mailing:1:7",
        category=Category.BULK,
    )
    assert again.pk == mail.pk
    assert OutgoingMail.objects.count() == 1 and mailoutbox == []


def test_daily_beat_task_runs_it(settings):
    settings.MAIL_BODY_RETENTION_DAYS = 30
    _mail("old")
    entry = django_settings.CELERY_BEAT_SCHEDULE["drop-old-mail-bodies"]
    assert entry["task"] == tasks.drop_old_mail_bodies.name
    assert tasks.drop_old_mail_bodies.apply().get() == 1
    assert tasks.drop_old_mail_bodies.apply().get() == 0
