"""Sending: test to oneself, scheduling, batches, crash and resume, opt-outs, personalisation."""

from datetime import timedelta

import pytest

from django.core import mail as django_mail
from django.utils import timezone

from campaigns.mailings import services, tasks
from campaigns.mailings.models import Mailing, MailingRecipient, MailingStatus
from campaigns.mailings.services import MailingError
from loket.mail.models import Category, OutgoingMail
from loket.mail.services import opt_out

pytestmark = pytest.mark.django_db


def _send_all(mailing, batch_size=None):
    """Run the batches the way the chained tasks would, until nothing waits."""
    rounds = 0
    while services.send_batch(mailing.pk, batch_size=batch_size):
        rounds += 1
    mailing.refresh_from_db()
    return rounds


def _start(mailing):
    services.schedule(mailing)
    return services.start_sending(mailing.pk)


class TestTestSend:
    def test_goes_to_the_staff_member_only_marked_test_and_counts_nowhere(
        self, make_mailing, subscriber, communicator, outbox
    ):
        subscriber()
        mailing = make_mailing()
        services.send_test(mailing, communicator)
        [row] = outbox()
        assert row.to == "redactie@ondernemersloket.nl"
        assert row.subject == "[TEST] Hoi Rob, een kritische blik?"
        assert "Testversie" in row.html and "Hoi Rob," in row.text
        mailing.refresh_from_db()
        assert mailing.status == MailingStatus.CONCEPT
        assert (mailing.sent_count, mailing.recipients.count()) == (0, 0)

    def test_twice_sends_two_tests(self, make_mailing, communicator, outbox):
        mailing = make_mailing()
        services.send_test(mailing, communicator)
        services.send_test(mailing, communicator)
        assert len(outbox()) == 2

    def test_empty_mailing_is_refused(self, make_mailing, communicator, outbox):
        with pytest.raises(MailingError, match="nog geen inhoud"):
            services.send_test(make_mailing(body=[]), communicator)
        assert outbox() == []


class TestScheduling:
    def test_empty_segment_is_refused_and_stays_concept(self, make_mailing, subscriber):
        subscriber(profile={"province": "zeeland"})
        mailing = make_mailing(provinces=["limburg"])
        with pytest.raises(MailingError, match="Niemand in deze doelgroep"):
            services.schedule(mailing, timezone.now() + timedelta(days=1))
        mailing.refresh_from_db()
        assert mailing.status == MailingStatus.CONCEPT and mailing.scheduled_at is None

    def test_a_moment_in_the_past_is_refused(self, make_mailing, subscriber):
        subscriber()
        mailing = make_mailing()
        with pytest.raises(MailingError, match="al voorbij"):
            services.schedule(mailing, timezone.now() - timedelta(hours=2))
        assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT

    def test_beat_task_starts_only_due_mailings(self, make_mailing, subscriber, outbox):
        subscriber()
        due = make_mailing(subject="Nu")
        later = make_mailing(subject="Later")
        services.schedule(due, timezone.now() + timedelta(minutes=5))
        services.schedule(later, timezone.now() + timedelta(days=2))
        Mailing.objects.filter(pk=due.pk).update(scheduled_at=timezone.now() - timedelta(minutes=1))

        result = tasks.start_due_mailings.apply().get()

        # Eager Celery: the batches the beat enqueues ran at once.
        assert result == {"started": 1, "resumed": 0}
        due.refresh_from_db()
        later.refresh_from_db()
        assert due.status == MailingStatus.SENT and due.sent_count == 1
        assert later.status == MailingStatus.SCHEDULED and later.recipients.count() == 0
        assert len(outbox(subject="Nu")) == 1 and outbox(subject="Later") == []

    def test_audience_that_emptied_before_the_moment_goes_back_to_concept(
        self, make_mailing, subscriber
    ):
        member = subscriber()
        mailing = make_mailing()
        services.schedule(mailing, timezone.now() + timedelta(hours=1))
        member.profile.newsletter = False
        member.profile.save()
        services.start_due(now=timezone.now() + timedelta(hours=2))
        mailing.refresh_from_db()
        assert mailing.status == MailingStatus.CONCEPT
        assert "doelgroep was leeg" in mailing.note

    def test_unschedule_and_cancel(self, make_mailing, subscriber):
        subscriber()
        mailing = make_mailing()
        services.schedule(mailing, timezone.now() + timedelta(days=1))
        services.unschedule(mailing)
        assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT
        services.cancel(mailing)
        with pytest.raises(MailingError):
            services.schedule(mailing)
        assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CANCELLED


class TestBatches:
    def test_sends_in_batches_one_row_and_one_mail_per_member(
        self, make_mailing, subscriber, outbox, settings
    ):
        settings.MAILING_BATCH_SIZE = 3
        members = [subscriber() for _ in range(7)]
        mailing = make_mailing()
        _start(mailing)
        assert mailing.recipients.count() == 7

        assert services.send_batch(mailing.pk) == 3
        mailing.refresh_from_db()
        assert (mailing.status, mailing.sent_count, mailing.recipient_count) == ("bezig", 3, 7)
        assert mailing.progress_label == "3 / 7"

        _send_all(mailing)
        assert mailing.status == MailingStatus.SENT and mailing.sent_count == 7
        rows = outbox(category=Category.BULK)
        assert sorted(r.to for r in rows) == sorted(m.email for m in members)
        assert {r.idempotency_key for r in rows} == {
            f"mailing:{mailing.pk}:{m.pk}" for m in members
        }
        # Bulk: the unsubscribe link and the one-click header are there.
        for row in rows:
            assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert row.headers["List-Unsubscribe"].strip("<>") in row.text

    def test_chained_tasks_send_everything_and_deliver(
        self, make_mailing, subscriber, django_capture_on_commit_callbacks, settings
    ):
        settings.MAILING_BATCH_SIZE = 2
        for _ in range(5):
            subscriber()
        mailing = make_mailing()
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule(mailing)  # now: starts at once, batches chain by themselves
        mailing.refresh_from_db()
        assert mailing.status == MailingStatus.SENT and mailing.sent_count == 5
        assert len(django_mail.outbox) == 5
        assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 5

    def test_tasks_run_twice_send_nothing_twice(self, make_mailing, subscriber, outbox):
        for _ in range(4):
            subscriber()
        mailing = make_mailing()
        services.schedule(mailing)
        tasks.start_mailing.apply(args=[mailing.pk])
        tasks.start_mailing.apply(args=[mailing.pk])
        assert mailing.recipients.count() == 4
        for _ in range(3):
            tasks.send_mailing_batch.apply(args=[mailing.pk])
        assert len(outbox()) == 4
        assert Mailing.objects.get(pk=mailing.pk).sent_count == 4

    def test_crash_midway_and_resume_reaches_everyone_exactly_once(
        self, make_mailing, subscriber, outbox, monkeypatch, settings
    ):
        settings.MAILING_BATCH_SIZE = 4
        members = [subscriber() for _ in range(10)]
        mailing = make_mailing()
        _start(mailing)

        real_context = services.rendering.recipient_context
        calls = {"n": 0}

        def crashing_context(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 6:  # the second mail of the second batch
                raise RuntimeError("worker lost")
            return real_context(*args, **kwargs)

        monkeypatch.setattr(services.rendering, "recipient_context", crashing_context)
        assert services.send_batch(mailing.pk) == 4
        with pytest.raises(RuntimeError):
            services.send_batch(mailing.pk)
        mailing.refresh_from_db()
        assert mailing.status == MailingStatus.SENDING and mailing.sent_count == 4
        assert len(outbox()) == 4  # the crashed batch left nothing behind

        # The worker restarts; the beat finds the mailing stalled and resumes it.
        monkeypatch.setattr(services.rendering, "recipient_context", real_context)
        assert services.resume_stalled(stalled_after=timedelta(0)) == [mailing.pk]
        _send_all(mailing)

        assert mailing.status == MailingStatus.SENT and mailing.sent_count == 10
        keys = [row.idempotency_key for row in outbox()]
        assert sorted(keys) == sorted(f"mailing:{mailing.pk}:{m.pk}" for m in members)

    def test_resume_after_the_outbox_row_was_committed_but_not_the_recipient_row(
        self, make_mailing, subscriber, outbox
    ):
        # The worst moment to die: the mail is in the outbox, the row still says "wacht".
        members = [subscriber() for _ in range(3)]
        mailing = make_mailing()
        _start(mailing)
        _send_all(mailing)
        MailingRecipient.objects.filter(mailing=mailing).update(
            status=MailingRecipient.Status.PENDING, outgoing_mail=None
        )
        Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.SENDING)
        _send_all(mailing)
        assert mailing.status == MailingStatus.SENT
        assert len(outbox()) == len(members)

    def test_cancel_while_sending_stops_further_batches(self, make_mailing, subscriber, outbox):
        for _ in range(5):
            subscriber()
        mailing = make_mailing()
        _start(mailing)
        services.send_batch(mailing.pk, batch_size=2)
        services.cancel(mailing)
        assert services.send_batch(mailing.pk) == 0
        assert len(outbox()) == 2


class TestUnsubscribeAtSendTime:
    def test_opt_out_and_withdrawn_consent_after_start_are_honoured(
        self, make_mailing, subscriber, outbox
    ):
        stays, clicked, untick, deleted = (subscriber() for _ in range(4))
        mailing = make_mailing()
        _start(mailing)
        opt_out(clicked.email, Category.BULK)
        untick.profile.newsletter = False
        untick.profile.save()
        deleted.is_active = False
        deleted.save()

        _send_all(mailing)

        assert [row.to for row in outbox()] == [stays.email]
        reasons = dict(
            MailingRecipient.objects.filter(mailing=mailing).values_list("user_id", "skip_reason")
        )
        assert reasons == {
            stays.pk: "",
            clicked.pk: "afgemeld",
            untick.pk: "geen_toestemming",
            deleted.pk: "inactief",
        }
        assert (mailing.sent_count, mailing.skipped_count) == (1, 3)

    def test_opt_out_between_batches_is_honoured(self, make_mailing, subscriber, outbox):
        first, second, third, fourth = (subscriber() for _ in range(4))
        mailing = make_mailing()
        _start(mailing)
        assert services.send_batch(mailing.pk, batch_size=2) == 2
        opt_out(fourth.email, Category.BULK)  # clicks in a mail from an earlier mailing
        _send_all(mailing)
        assert sorted(row.to for row in outbox()) == sorted(
            [first.email, second.email, third.email]
        )
        assert MailingRecipient.objects.get(mailing=mailing, user=fourth).skip_reason == "afgemeld"
        assert (mailing.sent_count, mailing.skipped_count) == (3, 1)


class TestQueries:
    def test_a_batch_costs_the_same_queries_for_5_and_for_50_members(
        self, make_mailing, subscriber
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(60):
            subscriber()
        mailing = make_mailing()
        _start(mailing)
        services.send_batch(mailing.pk, batch_size=1)  # warm: caches that fill on first use
        counts = []
        for n in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                assert services.send_batch(mailing.pk, batch_size=n) == n
            counts.append(len(queries))
        assert counts[0] == counts[1] <= 20
        assert len(outbox_rows := list(mailing.recipients.filter(status="verstuurd"))) == 56
        assert all(row.outgoing_mail_id for row in outbox_rows)


class TestPersonalisation:
    def test_name_company_and_own_tagged_referral_link(self, make_mailing, subscriber, outbox):
        from campaigns.services import code_for

        member = subscriber(first_name="Fatima", profile={"company_name": "Studio Noord"})
        mailing = make_mailing()
        _start(mailing)
        _send_all(mailing)
        [row] = outbox()
        assert row.subject == "Hoi Fatima, een kritische blik?"
        assert "Hoi Fatima, hoe staat Studio Noord ervoor?" in row.text
        code = code_for(member)
        assert (
            f"/r/{code}/?utm_source=mailing&utm_medium=email&utm_campaign=mailing-{mailing.pk}"
            f"&utm_content=mailing-{mailing.pk}"
        ) in row.text
        assert f"/r/{code}/?utm_source=mailing&amp;utm_medium=email" in row.html
        assert "Kort en krachtig." in row.html  # the preheader

    def test_each_member_gets_their_own_code_and_existing_codes_are_kept(
        self, make_mailing, subscriber, outbox
    ):
        from campaigns.models import ReferralCode
        from campaigns.services import code_for

        members = [subscriber(first_name=f"Lid{n}") for n in range(6)]
        kept = {member.pk: code_for(member) for member in members[:2]}
        mailing = make_mailing()
        _start(mailing)
        _send_all(mailing)
        codes = dict(ReferralCode.objects.values_list("member_id", "code"))
        assert {pk: codes[pk] for pk in kept} == kept
        assert len(set(codes.values())) == len(members)
        texts = {row.to: row.text for row in outbox()}
        for member in members:
            assert f"/r/{codes[member.pk]}/?utm_source=mailing" in texts[member.email]

    def test_each_unsubscribe_link_unsubscribes_its_own_member_only(
        self, make_mailing, subscriber, outbox, client
    ):
        from urllib.parse import urlsplit

        from loket.mail.services import is_opted_out

        first, second = subscriber(), subscriber()
        mailing = make_mailing()
        _start(mailing)
        _send_all(mailing)
        links = {row.to: row.headers["List-Unsubscribe"].strip("<>") for row in outbox()}
        assert links[first.email] != links[second.email]
        response = client.post(urlsplit(links[first.email]).path)
        assert response.status_code == 200
        assert is_opted_out(first.email, Category.BULK)
        assert not is_opted_out(second.email, Category.BULK)

    def test_member_data_is_escaped(self, make_mailing, subscriber, outbox):
        subscriber(
            first_name="<script>alert('x')</script>",
            profile={"company_name": '<img src=x onerror="steal()">'},
        )
        mailing = make_mailing()
        _start(mailing)
        _send_all(mailing)
        [row] = outbox()
        assert "<script>" not in row.html and "<img src=x" not in row.html
        assert "&lt;script&gt;" in row.html and "&lt;img src=x" in row.html
        assert "\n" not in row.subject
