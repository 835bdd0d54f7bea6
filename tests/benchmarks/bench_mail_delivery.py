"""Benchmark: outbox delivery to a local SMTP server, one connection per message or per batch.

A tiny SMTP sink (a separate process, so it does not share this one's GIL, that accepts every
message) stands in for the relay. In alternating rounds, 200 queued mailing rows are delivered
the way a single-row task does (``deliver``: its own SMTP connection per mail) and the way a
mailing's batch task does (``deliver_many``: one connection for the batch); each row is still
claimed ``sending`` with its Message-ID on its own.
``BENCH_SMTP_PORT`` sets the sink's port (default: any free port). Run with ``make bench`` or
``pytest tests/benchmarks/bench_mail_delivery.py -m benchmark -s``.
"""

import multiprocessing
import os
import socketserver
import time

import pytest

from django.db import connection

from loket.mail.delivery import deliver, deliver_many
from loket.mail.models import Category, OutgoingMail
from loket.mail.rendering import render_mail
from loket.mail.services import queue_many
from tests.benchmarks.report import record

MAILS = 200
ROUNDS = 5


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every command is accepted, every message counted."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        with self.server.connections.get_lock():
            self.server.connections.value += 1
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                self.reply("250 sink")
            elif command == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                while (data := self.rfile.readline()) and data != b".\r\n":
                    pass
                with self.server.messages.get_lock():
                    self.server.messages.value += 1
                self.reply("250 accepted")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class _Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address):
        super().__init__(address, _SMTPHandler)
        context = multiprocessing.get_context("fork")
        self.connections, self.messages = context.Value("i", 0), context.Value("i", 0)
        self.process = context.Process(target=self.serve_forever, daemon=True)


@pytest.fixture
def smtp_sink(settings):
    sink = _Sink(("127.0.0.1", int(os.environ.get("BENCH_SMTP_PORT", "0"))))
    sink.process.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sink.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.process.terminate()
    sink.process.join()
    sink.server_close()


def _queue(label):
    """``MAILS`` new bulk rows in the outbox; returns their ids."""
    rendered = render_mail("notification", {"heading": "Bench", "first_name": "Fatima"})
    keys = queue_many(
        OutgoingMail(
            to=f"lid{i}@example.nl",
            from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            template="notification",
            category=Category.BULK,
            idempotency_key=f"bench-{label}:{i}",
        )
        for i in range(MAILS)
    )
    return sorted(keys.values())


@pytest.mark.benchmark
@pytest.mark.django_db
def test_deliver_1000_mails_to_a_local_smtp_server(smtp_sink):
    # Alternating rounds, so a table that grows or a machine that gets busier hits both alike.
    per_message = per_batch = 0.0
    connections = 0
    for round_ in range(ROUNDS):
        ids = _queue(f"per-message-{round_}")
        before = smtp_sink.connections.value
        start = time.perf_counter()
        for mail_id in ids:
            deliver(mail_id)
        per_message += time.perf_counter() - start
        connections += smtp_sink.connections.value - before

        ids = _queue(f"batch-{round_}")
        before = smtp_sink.connections.value
        start = time.perf_counter()
        deliver_many(ids)
        per_batch += time.perf_counter() - start
        assert smtp_sink.connections.value == before + 1

    total = ROUNDS * MAILS
    assert smtp_sink.messages.value == 2 * total
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2 * total
    for how, seconds in (("per mail", per_message), ("per batch", per_batch)):
        record(
            f"Mail ({connection.vendor})",
            {"what": f"delivery to an SMTP sink, one connection {how}", "mails/s": total / seconds},
        )
    print(
        "\n".join(
            [
                "",
                f"Mail delivery: {total:,} mails each way to a local SMTP sink"
                f" ({connection.vendor}, {ROUNDS} alternating rounds of {MAILS})",
                f"  one connection per mail   {per_message:7.2f} s   {total / per_message:6.0f}"
                f" mails/s   ({connections:,} connections)",
                f"  one connection per batch  {per_batch:7.2f} s   {total / per_batch:6.0f}"
                f" mails/s   ({ROUNDS} connections)",
                f"  speed-up                  {per_message / per_batch:7.1f}x",
            ]
        )
    )
