"""The outbox: queue once, deliver once, retry failures, give up openly, resend what is stuck."""

import threading
import time
from datetime import timedelta
from smtplib import SMTPException

import pytest

from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from loket.mail import services
from loket.mail.models import MailOptOut, OutgoingMail
from loket.mail.services import queue_mail
from loket.mail.tasks import deliver_mail, resend_stuck_mail

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status


def queue(context, key="event-42-registration-7", to="fatima@example.nl", **kwargs):
    return queue_mail(
        to=to, template="notification", context=context, idempotency_key=key, **kwargs
    )


def test_a_queued_mail_is_stored_then_delivered_after_commit(
    notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = queue(notification_context, reply_to="begeleider@example.nl")
        assert row.status == Status.QUEUED
        assert django_mail.outbox == []  # nothing leaves before the row is committed

    assert len(callbacks) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.last_error == ""
    [message] = django_mail.outbox
    assert message.to == ["fatima@example.nl"]
    assert message.reply_to == ["begeleider@example.nl"]
    assert message.subject == "Je bent aangemeld voor de bijeenkomst"
    assert "Hoi Fatima," in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Hoi Fatima," in html
    assert message.extra_headers["Message-ID"].startswith(f"<outbox.{row.pk}.")
    assert "List-Unsubscribe" not in message.extra_headers


def test_the_same_idempotency_key_never_makes_a_second_mail(
    notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue(notification_context)
        second = queue({**notification_context, "first_name": "Dubbelklik"})

    assert second.pk == first.pk
    assert OutgoingMail.objects.count() == 1
    assert len(callbacks) == 1
    assert len(django_mail.outbox) == 1
    assert "Dubbelklik" not in django_mail.outbox[0].body


def test_a_different_key_is_a_different_mail(
    notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(notification_context, key="a")
        queue(notification_context, key="b")

    assert len(django_mail.outbox) == 2


def test_an_unknown_category_is_refused(notification_context):
    with pytest.raises(ValueError, match="category"):
        queue(notification_context, category="spam")
    assert not OutgoingMail.objects.exists()


def test_a_mailing_carries_one_click_unsubscribe(
    notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context, category="bulk")

    url = row.headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://testserver/afmelden/")
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'href="{url}"' in row.html
    assert url in row.text
    [message] = django_mail.outbox
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_mailing_to_an_address_that_opted_out_is_not_stored(
    notification_context, django_capture_on_commit_callbacks
):
    MailOptOut.objects.create(email="Fatima@Example.nl ", category="bulk")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = queue(notification_context, category="bulk", to="fatima@example.NL")

    assert result is None
    assert not OutgoingMail.objects.exists()
    assert callbacks == []
    assert django_mail.outbox == []


def test_an_opt_out_of_mailings_does_not_stop_account_mail(
    notification_context, django_capture_on_commit_callbacks
):
    services.opt_in("fatima@example.nl", "bulk")  # opting in without an opt-out is harmless
    MailOptOut.objects.create(email="fatima@example.nl", category="bulk")

    with django_capture_on_commit_callbacks(execute=True):
        queue(notification_context, category="transactional")

    assert len(django_mail.outbox) == 1


def test_opt_in_undoes_an_opt_out():
    MailOptOut.objects.create(email="fatima@example.nl", category="bulk")
    assert services.is_opted_out("FATIMA@example.nl", "bulk")

    services.opt_in("Fatima@example.nl", "bulk")

    assert not services.is_opted_out("fatima@example.nl", "bulk")


def test_an_smtp_failure_is_recorded_and_queued_for_a_later_try(
    notification_context, django_capture_on_commit_callbacks, smtp_failures
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    smtp_failures(1)

    before = timezone.now()
    with pytest.raises(SMTPException):
        services.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert row.next_attempt_at >= before + timedelta(seconds=60)

    services.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 2
    assert len(django_mail.outbox) == 1


def test_the_task_retries_an_smtp_failure_until_it_is_sent(
    notification_context, django_capture_on_commit_callbacks, smtp_failures
):
    """Eager Celery runs the retry the task asks for at once, in-process: one call, two tries."""
    counts = smtp_failures(1)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)

    row.refresh_from_db()
    assert counts == {"attempts": 2, "failed": 1, "remaining": 0}
    assert row.status == Status.SENT
    assert row.attempts == 2
    assert "SMTPServerDisconnected" in row.last_error
    assert len(django_mail.outbox) == 1


def test_the_task_asks_celery_for_a_retry_with_back_off(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    smtp_failures(1)
    retries = []
    real_retry = deliver_mail.retry
    monkeypatch.setattr(
        deliver_mail, "retry", lambda *a, **kw: retries.append(kw) or real_retry(*a, **kw)
    )

    result = deliver_mail.apply(args=[row.pk])

    assert result.successful()
    assert len(retries) == 1
    assert isinstance(retries[0]["exc"], SMTPException)
    assert 0 <= retries[0]["countdown"] <= 60
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_a_task_run_twice_sends_once(notification_context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue(notification_context)

    callbacks[0]()
    callbacks[0]()  # the broker delivered the task twice
    deliver_mail.apply(args=[row.pk])

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 1
    assert len(django_mail.outbox) == 1


def test_a_mail_that_keeps_failing_is_given_up_after_the_maximum(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, settings
):
    settings.MAIL_MAX_ATTEMPTS = 3
    counts = smtp_failures(-1)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == 3
    assert counts["attempts"] == 3
    assert "SMTPServerDisconnected" in row.last_error
    assert django_mail.outbox == []

    # A later run of the task leaves a failed row alone.
    deliver_mail.apply(args=[row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts, counts["attempts"]) == (Status.FAILED, 3, 3)


def test_delivering_a_row_that_is_gone_does_nothing():
    assert services.deliver(987654) is None
    assert deliver_mail.apply(args=[987654]).successful()


def test_back_off_doubles_up_to_an_hour():
    delays = [services.retry_delay(n).total_seconds() for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def _row(key, status=Status.QUEUED, next_attempt_in=timedelta(0), updated_ago=timedelta(0)):
    now = timezone.now()
    row = OutgoingMail.objects.create(
        to=f"{key}@example.nl",
        from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
        subject=key,
        html="<p>Hoi</p>",
        text="Hoi",
        template="notification",
        idempotency_key=key,
        status=status,
        next_attempt_at=now + next_attempt_in,
    )
    OutgoingMail.objects.filter(pk=row.pk).update(updated_at=now - updated_ago)
    return row


def test_resend_stuck_picks_up_lost_and_crashed_rows_only(django_capture_on_commit_callbacks):
    lost = _row("lost", next_attempt_in=-timedelta(minutes=30))
    crashed = _row("crashed", Status.SENDING, updated_ago=timedelta(minutes=20))
    fresh = _row("fresh", next_attempt_in=-timedelta(minutes=1))
    backing_off = _row("backing-off", next_attempt_in=timedelta(minutes=5))
    in_flight = _row("in-flight", Status.SENDING, updated_ago=timedelta(minutes=2))
    done = _row("done", Status.SENT, next_attempt_in=-timedelta(days=1))
    given_up = _row("given-up", Status.FAILED, next_attempt_in=-timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        count = resend_stuck_mail.apply().get()

    assert count == 2
    assert sorted(m.to[0] for m in django_mail.outbox) == [crashed.to, lost.to]
    status = dict(OutgoingMail.objects.values_list("idempotency_key", "status"))
    assert status == {
        lost.idempotency_key: Status.SENT,
        crashed.idempotency_key: Status.SENT,
        fresh.idempotency_key: Status.QUEUED,
        backing_off.idempotency_key: Status.QUEUED,
        in_flight.idempotency_key: Status.SENDING,
        done.idempotency_key: Status.SENT,
        given_up.idempotency_key: Status.FAILED,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_mail_send_it_once(notification_context, monkeypatch):
    """The row lock makes the second delivery wait for the first, then find the mail sent."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL).")
    row = queue(notification_context)
    django_mail.outbox = []  # on_commit already delivered it here under autocommit: start over
    OutgoingMail.objects.filter(pk=row.pk).update(status=Status.QUEUED, attempts=0)
    real_send = LocmemBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.5)
        return real_send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", slow_send)
    errors = []

    def worker():
        try:
            services.deliver(row.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert len(django_mail.outbox) == 1


@pytest.mark.worker
@pytest.mark.postgres
def test_a_real_worker_delivers_a_queued_mail(celery_worker_process, notification_context):
    """Eager mode only emulates Celery: here the task travels through Redis to another process."""
    row = queue(notification_context)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.status == Status.SENT:
            break
        time.sleep(0.2)
    assert row.status == Status.SENT, (celery_worker_process["log"]).read_text()
    assert row.attempts == 1
    [written] = list(celery_worker_process["mail_dir"].glob("*.log"))
    assert "Hoi Fatima," in written.read_text()
