"""On PostgreSQL: batches side by side never take the same member; a real worker sends it all."""

import pytest

from campaigns.mailings import services
from campaigns.mailings.models import Mailing, MailingStatus
from loket.mail.models import OutgoingMail
from tests.concurrency import run_concurrently, split_outcomes
from tests.workers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_batches_reach_everyone_exactly_once(make_mailing, subscriber):
    members = [subscriber() for _ in range(24)]
    mailing = make_mailing()
    services.schedule(mailing)
    services.start_sending(mailing.pk)

    def worker():
        while services.send_batch(mailing.pk, batch_size=5):
            pass

    _results, errors = split_outcomes(run_concurrently(worker, [()] * 4), Exception)

    assert errors == []
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.sent_count == 24
    keys = list(
        OutgoingMail.objects.filter(
            idempotency_key__startswith=f"mailing:{mailing.pk}:"
        ).values_list("idempotency_key", flat=True)
    )
    assert sorted(keys) == sorted(f"mailing:{mailing.pk}:{m.pk}" for m in members)


def test_two_runs_that_take_the_same_members_still_store_one_mail_each(make_mailing, subscriber):
    # As if a row were taken twice (a batch redone while the first is still running): two
    # inserts of the same keys side by side; ON CONFLICT keeps one row per member.
    from campaigns.mailings.services import _Batch, _outbox_row
    from campaigns.services import codes_for
    from loket.mail.services import queue_many

    members = [subscriber() for _ in range(20)]
    mailing = make_mailing()
    services.schedule(mailing)
    mailing = services.start_sending(mailing.pk)
    codes = codes_for(members)

    def run():
        batch = _Batch(mailing, codes)
        return queue_many(_outbox_row(mailing, member, batch) for member in members)

    results, errors = split_outcomes(run_concurrently(run, [()] * 2), Exception)
    assert errors == []
    assert results[0] == results[1]  # both runs see the same row per member
    rows = OutgoingMail.objects.filter(idempotency_key__startswith=f"mailing:{mailing.pk}:")
    assert rows.count() == len(members)


def test_two_whole_sends_side_by_side_reach_everyone_exactly_once(make_mailing, subscriber):
    members = [subscriber() for _ in range(30)]
    mailing = make_mailing()
    services.schedule(mailing)
    services.start_sending(mailing.pk)

    def run():
        while services.send_batch(mailing.pk, batch_size=7):
            pass

    _results, errors = split_outcomes(run_concurrently(run, [()] * 2), Exception)
    assert errors == []
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.SENT, 30)
    keys = OutgoingMail.objects.filter(
        idempotency_key__startswith=f"mailing:{mailing.pk}:"
    ).values_list("idempotency_key", flat=True)
    assert sorted(keys) == sorted(f"mailing:{mailing.pk}:{m.pk}" for m in members)


@pytest.mark.worker
def test_a_real_worker_sends_the_batches(make_mailing, subscriber, settings, monkeypatch, request):
    # The worker reads its batch size from the environment: three chained batches.
    monkeypatch.setenv("MAILING_BATCH_SIZE", "5")
    request.getfixturevalue("celery_worker_process")
    members = [subscriber() for _ in range(12)]
    mailing = make_mailing()
    services.schedule(mailing)  # now: the worker starts it and chains the batches

    def finished():
        return Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENT).exists()

    wait_for(finished, timeout=90)
    queued = list(
        OutgoingMail.objects.filter(
            idempotency_key__startswith=f"mailing:{mailing.pk}:"
        ).values_list("to", flat=True)
    )
    assert sorted(queued) == sorted(m.email for m in members)
    mailing.refresh_from_db()
    assert (mailing.sent_count, mailing.recipient_count) == (12, 12)
