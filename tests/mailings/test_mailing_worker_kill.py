"""On PostgreSQL with a real broker: kill the worker mid-send, restart, everyone gets it once.

Issue #8: a send runs in batches that survive a dead worker. The worker is killed with SIGKILL
(no shutdown, no ack, its open transaction dropped by the database), then a fresh worker on a
fresh queue gets the beat task that finds stalled mailings, exactly as in production. The old
queue is never consumed again, so only the beat task can finish the send.
"""

import base64
import contextlib
import json
import os
import signal
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from django.utils import timezone

from campaigns.mailings import tasks
from campaigns.mailings.models import Mailing, MailingRecipient, MailingStatus
from campaigns.mailings.services import schedule
from loket.celery import app as celery_app
from loket.mail.models import OutgoingMail
from loket.mail.tasks import deliver_mail
from tests.workers import celery_worker, queue_name, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 200
BATCH_SIZE = 5
STALL_MINUTES = 10


def _queue_name(label):
    return queue_name(f"test-kill-{label}")


def _worker(queue, tmp_path):
    """A ``celery worker`` on ``queue`` in its own process group; it reads MAILING_* from the
    environment the test set with monkeypatch."""
    return celery_worker(queue, tmp_path / f"{queue}.log", tmp_path / f"mail-{queue}")


def _forget_on_broker(queues, mail_ids):
    """Leave the broker as found: drop the test's queues (with the killed worker's unacked
    message) and the deliveries the workers put on their own default queue, which no test
    worker consumes."""
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        client = channel.client
        for queue in queues:
            client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag, raw in client.hgetall(channel.unacked_key).items():
            with contextlib.suppress(ValueError, TypeError, IndexError):
                if json.loads(raw)[2] in queues:
                    client.hdel(channel.unacked_key, tag)
                    client.zrem(channel.unacked_index_key, tag)
        default = celery_app.conf.task_default_queue
        for raw in client.lrange(default, 0, -1):
            with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
                message = json.loads(raw)
                args = json.loads(base64.b64decode(message["body"]))[0]
                if message["headers"]["task"] == deliver_mail.name and args[0] in mail_ids:
                    client.lrem(default, 1, raw)


@pytest.fixture
def broker():
    """Tasks go through the broker (not eager) for this test, on a queue of its own choosing."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    state = SimpleNamespace(queues=[], mail_ids=set())

    def use(queue):
        celery_app.conf.task_default_queue = queue
        state.queues.append(queue)

    state.use = use
    yield state
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
    _forget_on_broker(state.queues, state.mail_ids)


def test_a_killed_send_resumes_and_reaches_everyone_exactly_once(
    make_mailing, subscriber, monkeypatch, tmp_path, broker
):
    monkeypatch.setenv("MAILING_BATCH_SIZE", str(BATCH_SIZE))
    monkeypatch.setenv("MAILING_STALL_MINUTES", str(STALL_MINUTES))
    members = [subscriber() for _ in range(MEMBERS)]
    mailing = make_mailing()
    expected_keys = sorted(f"mailing:{mailing.pk}:{m.pk}" for m in members)

    def sent_rows():
        return MailingRecipient.objects.filter(
            mailing=mailing, status=MailingRecipient.Status.SENT
        ).count()

    def outbox_keys():
        mails = OutgoingMail.objects.filter(idempotency_key__startswith=f"mailing:{mailing.pk}:")
        broker.mail_ids.update(mails.values_list("pk", flat=True))
        return list(mails.values_list("idempotency_key", flat=True))

    # 1. A worker starts the send and chains its batches of five.
    first_queue = _queue_name("first")
    broker.use(first_queue)
    with _worker(first_queue, tmp_path) as first:
        schedule(mailing)  # due now: the worker starts it

        def some_batches_sent():
            return sent_rows() >= 6 * BATCH_SIZE

        wait_for(some_batches_sent, timeout=120, interval=0.05)
        os.killpg(first.pid, signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL

    # 2. The send stopped halfway: sent rows and outbox rows agree (a batch that died with the
    # worker rolled back whole), and nothing moves any more.
    time.sleep(1)  # the database notices the dropped connection and rolls its batch back
    mailing.refresh_from_db()
    sent_at_kill = sent_rows()
    assert mailing.status == MailingStatus.SENDING
    assert 0 < sent_at_kill < MEMBERS, "the worker was not killed mid-send; slow it down"
    assert len(outbox_keys()) == sent_at_kill == mailing.sent_count
    assert mailing.recipient_count == MEMBERS
    time.sleep(1)
    assert sent_rows() == sent_at_kill

    # 3. Time passes without progress; a new worker gets the beat task, which finds the send
    # stalled and resumes it on its own queue.
    Mailing.objects.filter(pk=mailing.pk).update(
        progress_at=timezone.now() - timedelta(minutes=STALL_MINUTES + 1)
    )
    second_queue = _queue_name("second")
    broker.use(second_queue)
    with _worker(second_queue, tmp_path):
        tasks.start_due_mailings.delay()

        def finished():
            return Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENT).exists()

        wait_for(finished, timeout=180, interval=0.2)

    # 4. Everyone exactly once: one outbox row per member, every recipient row sent and linked
    # to its own mail, and the counters say so.
    assert sorted(outbox_keys()) == expected_keys
    rows = MailingRecipient.objects.filter(mailing=mailing)
    assert rows.count() == MEMBERS
    assert not rows.exclude(status=MailingRecipient.Status.SENT).exists()
    linked = list(rows.values_list("outgoing_mail__idempotency_key", flat=True))
    assert sorted(linked) == expected_keys
    mailing.refresh_from_db()
    assert (mailing.recipient_count, mailing.sent_count, mailing.skipped_count) == (
        MEMBERS,
        MEMBERS,
        0,
    )
    assert mailing.finished_at is not None
