"""Benchmark: render and queue one mailing to 10,000 members.

Measured: starting the send (audience query, compiling the blocks once, 10,000 recipient rows)
and then every batch (consent and opt-out check, per-member filling with name, company and
referral link, the outbox rows). Delivery is the outbox's own work and is not included: the
delivery tasks wait for the transaction that the test never commits (``bench_mail.py`` measures
delivery). Beside it, in the same run, the raw limit: the mailing template compiled once, filled
10,000 times with fixed values and stored with the outbox's bulk insert (``queue_many``), no
other queries; the ratio says how close a real send comes. SQLite unless DATABASE_URL says
otherwise. Run with ``make bench`` or ``pytest tests/benchmarks/bench_mailing.py -m benchmark
-s``.
"""

import time

import pytest

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.mailings import rendering, services
from campaigns.mailings.models import Mailing, MailingStatus
from loket.accounts.models import Profile
from loket.mail.models import OutgoingMail
from loket.mail.services import queue_many

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
    with CaptureQueriesContext(connection) as queries:
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
    raw = _raw_limit(mailing)
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
                f"  queries in the batches {len(queries):,}"
                f" = {len(queries) / RECIPIENTS:.2f} per member",
                f"  raw limit (compile once + fill + one bulk insert) {raw:8.2f} s"
                f"   {RECIPIENTS / raw:7.0f} mails/s",
                f"  ratio to the raw limit                      {raw / total:8.0%}",
            ]
        )
    )


def _raw_limit(mailing):
    """Seconds to compile the mailing template once, fill it 10,000 times and insert the rows.

    The same filling and insert as a real send, without members, consent, opt-outs, codes,
    signed unsubscribe links or recipient rows.
    """
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
    assert OutgoingMail.objects.filter(idempotency_key__startswith="grens:").count() == RECIPIENTS
    return elapsed
