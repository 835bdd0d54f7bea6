"""Delivering a batch: one SMTP connection for many rows, each still claimed on its own."""

import pytest

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from loket.mail import tasks
from loket.mail.delivery import deliver_many
from loket.mail.models import Category, OutgoingMail
from loket.mail.rendering import MailFiller, render_mail
from loket.mail.services import queue_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def connections(monkeypatch):
    """Counts the mail connections opened."""
    opened = {"n": 0}
    real_open = LocmemBackend.open

    def open_(self):
        opened["n"] += 1
        return real_open(self)

    monkeypatch.setattr(LocmemBackend, "open", open_)
    return opened


def _rows(n, prefix="batch"):
    rendered = render_mail("notification", {"heading": "Nieuws", "first_name": "Sanne"})
    return [
        OutgoingMail(
            to=f"{prefix}{i}@example.nl",
            from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            template="notification",
            category=Category.BULK,
            idempotency_key=f"{prefix}:{i}",
        )
        for i in range(n)
    ]


def test_a_batch_goes_over_one_connection_with_a_message_id_per_row(connections, mailoutbox):
    ids = sorted(queue_many(_rows(4)).values())
    deliver_many(ids)
    assert connections["n"] == 1
    assert len(mailoutbox) == 4
    rows = OutgoingMail.objects.filter(pk__in=ids)
    assert {row.status for row in rows} == {OutgoingMail.Status.SENT}
    assert {row.message_id for row in rows} == {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert len({row.message_id for row in rows}) == 4


def test_a_dropped_connection_fails_one_row_and_the_rest_go_over_a_new_one(
    connections, smtp_failures, mailoutbox
):
    ids = sorted(queue_many(_rows(3)).values())
    smtp_failures(1)
    deliver_many(ids)
    first, *rest = OutgoingMail.objects.filter(pk__in=ids).order_by("pk")
    assert first.status == OutgoingMail.Status.QUEUED and first.attempts == 1
    assert "SMTPServerDisconnected" in first.last_error
    assert [row.status for row in rest] == [OutgoingMail.Status.SENT] * 2
    assert connections["n"] == 2 and len(mailoutbox) == 2


def test_the_same_batch_twice_sends_nothing_twice(mailoutbox):
    ids = sorted(queue_many(_rows(3)).values())
    tasks.deliver_mails.apply(args=[ids])
    tasks.deliver_mails.apply(args=[ids])
    assert len(mailoutbox) == 3


def test_queue_many_keeps_one_row_per_key_and_enqueues_only_new_rows(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_many(_rows(3))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = queue_many(_rows(4))
    assert {k: second[k] for k in first} == first
    assert OutgoingMail.objects.count() == 4
    assert len(callbacks) == 1  # one delivery task for the one new row
    assert len(mailoutbox) == 4


class TestMailFiller:
    FIELDS = ("first_name", "heading", "button_url")

    @pytest.mark.parametrize(
        "values",
        [
            {"first_name": "Fatima", "heading": "Welkom", "button_url": "https://a.nl/?x=1&y=2"},
            {"first_name": "", "heading": "Tom & Jerry <b>", "button_url": ""},
            {"first_name": 'O\'Neil "Jr"', "heading": "Regel\nregel", "button_url": None},
        ],
    )
    def test_filling_gives_what_rendering_gives(self, values):
        filler = MailFiller("notification", shared={"paragraphs": ["Tekst."]}, fields=self.FIELDS)
        filler.render({"first_name": "Eerste", "heading": "Eerst", "button_url": "https://b.nl/"})
        expected = render_mail("notification", {"paragraphs": ["Tekst."], **values})
        assert filler.render(values) == expected

    def test_a_field_used_with_a_filter_falls_back_to_rendering(self, caplog):
        filler = MailFiller("events_confirmation", fields=("colleague_names",))
        for names in (["Ans", "Bo"], ["Cor"]):
            values = {"colleague_names": names}
            assert filler.render(values) == render_mail("events_confirmation", values)
        assert "filling cannot copy" in caplog.text
