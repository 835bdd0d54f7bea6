"""Benchmark: render and queue one mailing to 10,000 members.

Measured: starting the send (audience query, compiling the blocks once, 10,000 recipient rows)
and then every batch (consent and opt-out check, per-member rendering with name, company and
referral link, the outbox row). Delivery is the outbox's own work and is not included: the
delivery tasks wait for the transaction that the test never commits. SQLite unless DATABASE_URL
says otherwise. Run with ``make bench`` or ``pytest tests/benchmarks/bench_mailing.py -m
benchmark -s``.
"""

import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from campaigns.mailings import services
from campaigns.mailings.models import Mailing, MailingStatus
from loket.accounts.models import Profile
from loket.mail.models import OutgoingMail

RECIPIENTS = 10_000

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

    start = time.perf_counter()
    services.start_sending(mailing.pk)
    started = time.perf_counter()
    batch_times = []
    while True:
        t0 = time.perf_counter()
        if not services.send_batch(mailing.pk):
            break
        batch_times.append(time.perf_counter() - t0)
    done = time.perf_counter()

    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.sent_count == RECIPIENTS
    assert OutgoingMail.objects.filter(category="bulk").count() == RECIPIENTS
    total = done - start
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
            ]
        )
    )
