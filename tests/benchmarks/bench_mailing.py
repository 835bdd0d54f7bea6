"""Benchmark: render and queue one mailing to 10,000 members.

Measured: starting the send (audience query, compiling the blocks once, 10,000 recipient rows)
and then every batch (consent and opt-out check, per-member filling with name, company and
referral link, the outbox rows). Delivery is the outbox's own work and is not included: the
delivery tasks wait for the transaction that the test never commits (``bench_mail.py`` measures
delivery). Beside it, in the same run, the raw limit: the mailing template compiled once, filled
10,000 times with fixed values and stored with the outbox's bulk insert (``queue_many``), no
other queries; the ratio says how close a real send comes. SQLite unless DATABASE_URL says
otherwise.

On a machine shared with other work the seconds depend on the load, so the CPU time is printed
too: this process's plus, on a PostgreSQL server on the same machine, the database backend's
(read from ``/proc``). The two take turns, so mails per CPU-second is about what an idle
machine reaches. Run with ``make bench`` or ``pytest tests/benchmarks/bench_mailing.py -m
benchmark -s``.
"""

import os
import time
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from campaigns.mailings import rendering, services
from campaigns.mailings.models import Mailing, MailingStatus
from loket.accounts.models import Profile
from loket.mail.models import OutgoingMail
from loket.mail.services import queue_many
from tests.benchmarks.report import record

RECIPIENTS = 10_000


def _backend_cpu():
    """CPU seconds of this connection's PostgreSQL backend so far, or None (SQLite, a server
    elsewhere). The fields after the process name in ``/proc/<pid>/stat``: utime, stime."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Cpu:
    """CPU seconds of this process and of the database backend between start and ``stop``."""

    def __init__(self):
        self.process, self.backend = time.process_time(), _backend_cpu()

    def stop(self):
        backend = _backend_cpu()
        self.process = time.process_time() - self.process
        self.backend = None if backend is None else backend - self.backend
        return self

    @property
    def total(self):
        return self.process + (self.backend or 0)

    def describe(self):
        backend = "" if self.backend is None else f" + database {self.backend:5.2f} s"
        return (
            f"CPU: process {self.process:5.2f} s{backend} = {self.total / RECIPIENTS * 1000:5.2f}"
            f" ms a mail, {RECIPIENTS / self.total:6.0f} mails per CPU-second"
        )


BODY = [
    ("heading", {"heading": "Waarom kan ik je online niet vinden?"}),
    (
        "text",
        {
            "text": "<p>Hoi [voornaam], hoe staat [bedrijfsnaam] ervoor? Vijf ondernemers kijken "
            'eerlijk mee. <a href="/bijeenkomsten/">Bekijk de agenda</a>.</p>'
        },
    ),
    (
        "button",
        {"label": "Vraag een gratis intakegesprek aan", "page": None, "url": "/gesprek-aanvragen/"},
    ),
]


def _members(n):
    User = get_user_model()
    password = make_password("benchmark-wachtwoord")
    User.objects.bulk_create(
        [
            User(
                email=f"ondernemer{i}@example.nl",
                first_name=f"Naam{i}",
                last_name="Bench",
                password=password,
                email_verified=True,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    Profile.objects.bulk_create(
        [
            Profile(user_id=pk, company_name=f"Bedrijf {pk}", newsletter=True, province="utrecht")
            for pk in User.objects.filter(last_name="Bench").values_list("pk", flat=True)
        ],
        batch_size=1000,
    )


@pytest.mark.benchmark
@pytest.mark.django_db
def test_render_and_queue_a_mailing_to_10000_members(settings):
    settings.MAILING_BATCH_SIZE = 500
    _members(RECIPIENTS)
    mailing = Mailing.objects.create(subject="[voornaam], een kritische blik?", body=BODY)
    services.schedule(mailing)

    cpu = _Cpu()
    start = time.perf_counter()
    services.start_sending(mailing.pk)
    started = time.perf_counter()
    batch_times, queries = [], []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    # Counted without Django's query log, which would copy every statement (and its 10,000
    # mails) into memory: a cost a real send does not have.
    with connection.execute_wrapper(count):
        while True:
            t0 = time.perf_counter()
            if not services.send_batch(mailing.pk):
                break
            batch_times.append(time.perf_counter() - t0)
    done = time.perf_counter()
    cpu.stop()

    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.sent_count == RECIPIENTS
    assert OutgoingMail.objects.filter(category="bulk").count() == RECIPIENTS
    total = done - start
    raw, raw_cpu = _raw_limit(mailing)
    batch_times.sort()
    print(
        "\n".join(
            [
                "",
                f"Mailing: render and queue to {RECIPIENTS:,} members ({connection.vendor}, "
                f"batches of {settings.MAILING_BATCH_SIZE})",
                f"  start (audience, compile, recipient rows)  {started - start:8.2f} s",
                f"  {len(batch_times)} batches (render + outbox rows)"
                f"        {done - started:8.2f} s"
                f"   median batch {batch_times[len(batch_times) // 2]:6.2f} s",
                f"  total                                       {total:8.2f} s"
                f"   = {total / RECIPIENTS * 1000:6.2f} ms per member,"
                f" {RECIPIENTS / total:7.0f} mails/s",
                f"  {cpu.describe()}",
                f"  queries in the batches {len(queries):,}"
                f" = {len(queries) / RECIPIENTS:.2f} per member",
                f"  raw limit (compile once + fill + one bulk insert) {raw:8.2f} s"
                f"   {RECIPIENTS / raw:7.0f} mails/s",
                f"  {raw_cpu.describe()}",
                f"  ratio to the raw limit                      {raw / total:8.0%}"
                f"   (in CPU time {raw_cpu.total / cpu.total:.0%})",
            ]
        )
    )
    record(
        f"Mail ({connection.vendor})",
        {
            "what": f"mailing render + queue, {RECIPIENTS:,} members",
            "mails/s": RECIPIENTS / total,
            "raw limit mails/s": RECIPIENTS / raw,
            "× raw limit": raw / total,
            "mails/CPU-s": RECIPIENTS / cpu.total,
            "raw mails/CPU-s": RECIPIENTS / raw_cpu.total,
            "queries/mail": len(queries) / RECIPIENTS,
        },
    )


def _raw_limit(mailing):
    """Seconds (and CPU) to compile the mailing template once, fill it 10,000 times and insert
    the rows.

    The same filling and insert as a real send, without members, consent, opt-outs, codes,
    signed unsubscribe links or recipient rows.
    """
    cpu = _Cpu()
    start = time.perf_counter()
    filler = rendering.mailing_filler()
    body_html = rendering.mark_safe(mailing.rendered_html)
    rows = []
    for i in range(RECIPIENTS):
        address = f"grens{i}@example.nl"
        url = f"https://loket.example/afmelden/{i}/"
        rendered = filler.render(
            {
                "recipient": address,
                "unsubscribe_url": url,
                "mailing_subject": f"Naam{i}, een kritische blik?",
                "preview_text": "",
                "body_html": body_html,
                "body_text": mailing.rendered_text,
                "first_name": f"Naam{i}",
                "company_name": f"Bedrijf {i}",
                "referral_url": f"https://loket.example/r/code{i}/",
            }
        )
        rows.append(
            OutgoingMail(
                template=rendering.MAIL_TEMPLATE,
                to=address,
                from_email=django_settings.DEFAULT_FROM_EMAIL,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                headers={"List-Unsubscribe": f"<{url}>"},
                category="bulk",
                idempotency_key=f"grens:{i}",
            )
        )
    queue_many(rows)
    elapsed = time.perf_counter() - start
    cpu.stop()
    assert OutgoingMail.objects.filter(idempotency_key__startswith="grens:").count() == RECIPIENTS
    return elapsed, cpu
