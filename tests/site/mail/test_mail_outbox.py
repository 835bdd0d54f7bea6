"""The outbox: queue once, deliver once, retry failures, give up openly, resend what is stuck."""

import time
from datetime import timedelta
from smtplib import (
    SMTPAuthenticationError,
    SMTPConnectError,
    SMTPDataError,
    SMTPRecipientsRefused,
    SMTPResponseException,
    SMTPSenderRefused,
)

import pytest
from celery.exceptions import Retry

from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from loket.mail import services, tasks
from loket.mail.models import OutgoingMail
from loket.mail.services import queue_mail
from loket.mail.tasks import deliver_mail, resend_stuck_mail
from tests.concurrency import run_concurrently, split_outcomes

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
    services.opt_out("Fatima@Example.nl ", "bulk")

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
    services.opt_out("fatima@example.nl", "bulk")

    with django_capture_on_commit_callbacks(execute=True):
        queue(notification_context, category="transactional")

    assert len(django_mail.outbox) == 1


def test_opt_in_undoes_an_opt_out():
    services.opt_out("fatima@example.nl", "bulk")
    assert services.is_opted_out("FATIMA@example.nl", "bulk")

    services.opt_in("Fatima@example.nl", "bulk")

    assert not services.is_opted_out("fatima@example.nl", "bulk")


def _time_passes(row):
    """Move the row's back-off into the past, as if the clock went on."""
    row.refresh_from_db()
    OutgoingMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_an_smtp_failure_is_recorded_and_queued_for_a_later_try(
    notification_context, django_capture_on_commit_callbacks, smtp_failures
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    smtp_failures(1)

    before = timezone.now()
    services.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert row.next_attempt_at >= before + timedelta(seconds=60)

    _time_passes(row)
    services.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 2
    assert len(django_mail.outbox) == 1


def test_delivery_before_the_back_off_is_over_waits(
    notification_context, django_capture_on_commit_callbacks, smtp_failures
):
    """A retry or duplicate task that fires early sends nothing and spends no attempt."""
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    later = timezone.now() + timedelta(minutes=5)
    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=later)
    counts = smtp_failures(0)

    services.deliver(row.pk)
    deliver_mail.apply(args=[row.pk])

    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.QUEUED, 0, later)
    assert counts["attempts"] == 0
    assert django_mail.outbox == []


def test_without_a_broker_an_outage_longer_than_the_retry_window_loses_nothing(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, settings
):
    """Eager Celery would run every retry at once, inside the request: one try per run instead."""
    settings.MAIL_MAX_ATTEMPTS = 4
    counts = smtp_failures(-1)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)

    row.refresh_from_db()
    assert counts["attempts"] == 1  # the request spent one attempt, not all of them
    assert (row.status, row.attempts) == (Status.QUEUED, 1)
    assert row.next_attempt_at > timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 0  # not due yet: nothing happens

    # The outage lasts longer than the old in-request retries: three more periodic runs fail.
    for attempt in (2, 3):
        _time_passes(row)
        with django_capture_on_commit_callbacks(execute=True):
            assert resend_stuck_mail.apply().get() == 1
        row.refresh_from_db()
        assert (row.status, row.attempts, counts["attempts"]) == (Status.QUEUED, attempt, attempt)

    smtp_failures(0)  # SMTP is back
    _time_passes(row)
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 1

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 4)
    assert len(django_mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 0
    assert len(django_mail.outbox) == 1


def test_without_a_broker_the_task_never_retries_inline(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    smtp_failures(1)
    retries = []
    monkeypatch.setattr(deliver_mail, "retry", lambda *a, **kw: retries.append(kw))

    assert deliver_mail.apply(args=[row.pk]).successful()

    assert retries == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.QUEUED, 1)


@pytest.fixture
def with_broker(monkeypatch):
    """The task behaves as under a real worker; retries are recorded instead of scheduled."""
    monkeypatch.setattr(tasks, "_without_broker", lambda task: False)
    monkeypatch.setattr(services, "runs_without_broker", lambda: False)
    retries = []

    def retry(*args, **kwargs):
        retries.append(kwargs)
        return Retry("recorded", when=kwargs.get("countdown"))

    monkeypatch.setattr(deliver_mail, "retry", retry)
    return retries


def test_with_a_broker_the_retry_fires_when_the_row_is_due_not_before(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, with_broker
):
    assert deliver_mail.retry_jitter is False
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    smtp_failures(1)

    deliver_mail.apply(args=[row.pk])

    row.refresh_from_db()
    [retry] = with_broker
    assert (row.status, row.attempts) == (Status.QUEUED, 1)
    until_due = (row.next_attempt_at - timezone.now()).total_seconds()
    assert until_due <= retry["countdown"] <= until_due + 1
    assert retry["countdown"] >= 59


def test_with_a_broker_an_early_task_waits_for_the_row(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, with_broker
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)
    OutgoingMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    counts = smtp_failures(0)

    deliver_mail.apply(args=[row.pk])

    [retry] = with_broker
    assert 299 <= retry["countdown"] <= 301
    assert counts["attempts"] == 0


def test_with_a_broker_a_sent_mail_is_not_retried(
    notification_context, django_capture_on_commit_callbacks, with_broker
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(notification_context)

    deliver_mail.apply(args=[row.pk])

    assert with_broker == []
    row.refresh_from_db()
    assert row.status == Status.SENT


@pytest.mark.parametrize(
    "error",
    [
        SMTPRecipientsRefused({"fatima@example.nl": (550, b"5.1.1 No such user")}),
        SMTPDataError(554, b"5.7.1 Message rejected as spam"),
        SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "hallo@ondernemersloket.nl"),
        SMTPResponseException(552, b"5.3.4 Message too big"),
    ],
    ids=["recipient-550", "data-554", "sender-553", "response-552"],
)
def test_a_permanent_refusal_fails_at_once(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, error
):
    counts = smtp_failures(-1, error)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)

    row.refresh_from_db()
    assert (row.status, row.attempts, counts["attempts"]) == (Status.FAILED, 1, 1)
    assert type(error).__name__ in row.last_error
    with django_capture_on_commit_callbacks(execute=True):
        resend_stuck_mail.apply()
    assert counts["attempts"] == 1  # failed is final until someone queues it again


@pytest.mark.parametrize(
    "error",
    [
        SMTPRecipientsRefused({"fatima@example.nl": (450, b"4.2.0 Greylisted, try again")}),
        SMTPDataError(451, b"4.3.0 Local error"),
        SMTPSenderRefused(421, b"4.7.0 Too many connections", "hallo@ondernemersloket.nl"),
        SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
        SMTPConnectError(554, b"No service"),
        TimeoutError("timed out"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["greylisted", "data-451", "sender-421", "our-login", "greeting", "timeout", "refused"],
)
def test_a_transient_error_backs_off(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, error
):
    smtp_failures(1, error)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.QUEUED, 1)
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_a_mail_that_keeps_failing_is_given_up_after_the_maximum(
    notification_context, django_capture_on_commit_callbacks, smtp_failures, settings
):
    settings.MAIL_MAX_ATTEMPTS = 2
    counts = smtp_failures(-1)
    with django_capture_on_commit_callbacks(execute=True):
        row = queue(notification_context)
    _time_passes(row)

    with django_capture_on_commit_callbacks(execute=True):
        resend_stuck_mail.apply()

    row.refresh_from_db()
    assert (row.status, row.attempts, counts["attempts"]) == (Status.FAILED, 2, 2)
    assert "SMTPServerDisconnected" in row.last_error
    assert django_mail.outbox == []
    # A later run of the task leaves a failed row alone.
    deliver_mail.apply(args=[row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts, counts["attempts"]) == (Status.FAILED, 2, 2)


def test_a_failed_mail_queued_again_with_the_same_key_is_sent(
    notification_context, django_capture_on_commit_callbacks, smtp_failures
):
    smtp_failures(1, SMTPRecipientsRefused({"fatima@example.nl": (550, b"Mailbox full")}))
    with django_capture_on_commit_callbacks(execute=True):
        failed = queue(notification_context)
    failed.refresh_from_db()
    assert failed.status == Status.FAILED

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = queue(notification_context)
        assert (again.pk, again.status, again.attempts) == (failed.pk, Status.QUEUED, 0)

    assert len(callbacks) == 1
    again.refresh_from_db()
    assert (again.status, again.attempts) == (Status.SENT, 1)
    assert OutgoingMail.objects.count() == 1
    assert len(django_mail.outbox) == 1
    # Sent now: the same key again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue(notification_context)
    assert callbacks == []
    assert len(django_mail.outbox) == 1


def test_retry_failed_queues_only_failed_mail_again(django_capture_on_commit_callbacks):
    failed = _row("failed", Status.FAILED)
    OutgoingMail.objects.filter(pk=failed.pk).update(attempts=8, last_error="SMTPDataError: 554")
    sent = _row("sent", Status.SENT)
    queued = _row("queued", next_attempt_in=timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        count = services.retry_failed([failed.pk, sent.pk, queued.pk, 987654])

    assert count == 1
    assert [m.to for m in django_mail.outbox] == [[failed.to]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.QUEUED, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_failed([failed.pk]) == 0  # a second click sends nothing
    assert len(django_mail.outbox) == 1


def test_a_mailing_to_an_address_that_opted_out_after_queueing_is_skipped(
    notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        mailing = queue(notification_context, key="mailing-1", category="bulk")
        account = queue(notification_context, key="account-1")
    services.opt_out("Fatima@example.nl", "bulk")

    deliver_mail.apply(args=[mailing.pk])
    deliver_mail.apply(args=[account.pk])

    mailing.refresh_from_db()
    account.refresh_from_db()
    assert (mailing.status, mailing.attempts) == (Status.SKIPPED, 0)
    assert account.status == Status.SENT
    assert [m.subject for m in django_mail.outbox] == [account.subject]
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stuck_mail.apply().get() == 0


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


def _stuck_rows():
    return {
        "lost": _row("lost", next_attempt_in=-timedelta(minutes=30)),
        "crashed": _row("crashed", Status.SENDING, updated_ago=timedelta(minutes=20)),
        "fresh": _row("fresh", next_attempt_in=-timedelta(minutes=1)),
        "backing-off": _row("backing-off", next_attempt_in=timedelta(minutes=5)),
        "in-flight": _row("in-flight", Status.SENDING, updated_ago=timedelta(minutes=2)),
        "done": _row("done", Status.SENT, next_attempt_in=-timedelta(days=1)),
        "given-up": _row("given-up", Status.FAILED, next_attempt_in=-timedelta(days=1)),
        "skipped": _row("skipped", Status.SKIPPED, next_attempt_in=-timedelta(days=1)),
    }


def test_resend_stuck_picks_up_lost_and_crashed_rows_only(
    django_capture_on_commit_callbacks, with_broker
):
    """With a broker a row just due is left to its own task's retry for ten minutes."""
    rows = _stuck_rows()

    with django_capture_on_commit_callbacks(execute=True):
        count = resend_stuck_mail.apply().get()

    assert count == 2
    assert sorted(m.to[0] for m in django_mail.outbox) == ["crashed@example.nl", "lost@example.nl"]
    status = dict(OutgoingMail.objects.values_list("idempotency_key", "status"))
    assert status == {
        "lost": Status.SENT,
        "crashed": Status.SENT,
        "fresh": Status.QUEUED,
        "backing-off": Status.QUEUED,
        "in-flight": Status.SENDING,
        "done": Status.SENT,
        "given-up": Status.FAILED,
        "skipped": Status.SKIPPED,
    }
    assert rows["fresh"].attempts == 0


def test_without_a_broker_resend_stuck_sends_what_is_due_at_once(
    django_capture_on_commit_callbacks,
):
    """Eager Celery schedules no retry of its own: the periodic run is the retry."""
    _stuck_rows()

    with django_capture_on_commit_callbacks(execute=True):
        count = resend_stuck_mail.apply().get()

    assert count == 3
    sent = sorted(m.to[0] for m in django_mail.outbox)
    assert sent == ["crashed@example.nl", "fresh@example.nl", "lost@example.nl"]


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
    outcomes = run_concurrently(lambda: services.deliver(row.pk), [()] * 2)
    _results, errors = split_outcomes(outcomes, Exception)

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


def test_attachments_are_stored_with_the_row_and_sent(
    notification_context, django_capture_on_commit_callbacks, mailoutbox
):
    from loket.mail.services import queue_mail

    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_mail(
            to="anna@bouwbedrijf.nl",
            template="notification",
            context=notification_context,
            idempotency_key="test:attachment",
            attachments=[
                ("bijeenkomst.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
                ("logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
            ],
        )

    mail.refresh_from_db()
    assert [a["filename"] for a in mail.attachments] == ["bijeenkomst.ics", "logo.png"]
    (message,) = mailoutbox
    assert message.attachments[0] == (
        "bijeenkomst.ics",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "text/calendar",
    )
    assert message.attachments[1] == ("logo.png", b"\x89PNG\r\n\x1a\n", "image/png")


@pytest.mark.postgres
@pytest.mark.django_db
def test_outbox_bodies_are_stored_with_lz4_on_postgresql():
    # A mailing stores thousands of ~20 KB bodies; lz4 costs the database a third less than pglz.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'mail_outgoingmail'::regclass AND attname = 'html'"
        )
        assert cursor.fetchone() == ("l",)
