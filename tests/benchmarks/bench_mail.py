"""Benchmark: the time to render and send one MJML mail, cold and with the compile cache.

One round is what a caller pays: ``queue_mail`` (render, store in the outbox) plus its delivery
task (eager Celery, locmem backend, SQLite unless DATABASE_URL says otherwise). A cold round
clears the MJML compile cache first; the warm round after it finds the template compiled.
Run with ``make bench`` or ``pytest tests/benchmarks -m benchmark -s``.
"""

import logging
import statistics
import time

import pytest

from django.core import mail as django_mail

from loket.mail.models import OutgoingMail
from loket.mail.rendering import clear_template_cache, render_mail
from loket.mail.services import queue_mail

ROUNDS = 30

CONTEXT = {
    "heading": "Je bent aangemeld voor de bijeenkomst",
    "paragraphs": [
        "Leuk dat je komt naar de thematische bijeenkomst over financiering.",
        "We beginnen om 19.30 uur; de koffie staat vanaf 19.00 uur klaar.",
    ],
    "button_label": "Bekijk de bijeenkomst",
    "button_url": "https://loket.example/bijeenkomsten/financiering/",
}


def _ms(seconds):
    return seconds * 1000


def _ratio(slow, fast):
    return f"{statistics.median(slow) / statistics.median(fast):.1f}x"


def _summary(label, samples):
    samples = sorted(samples)
    p90 = samples[int(len(samples) * 0.9) - 1]
    return (
        f"  {label:<34} median {_ms(statistics.median(samples)):7.2f} ms"
        f"   min {_ms(samples[0]):7.2f} ms   p90 {_ms(p90):7.2f} ms"
    )


def _send(capture, key):
    start = time.perf_counter()
    with capture(execute=True):
        queue_mail(
            to=f"{key}@example.nl",
            template="notification",
            context={**CONTEXT, "first_name": key},
            idempotency_key=key,
        )
    return time.perf_counter() - start


def _render():
    start = time.perf_counter()
    render_mail("notification", {**CONTEXT, "first_name": "Fatima"})
    return time.perf_counter() - start


def _interleaved(measure):
    """Alternate cold and warm rounds so drift in the machine or database hits both alike."""
    cold, warm = [], []
    for i in range(ROUNDS):
        clear_template_cache()
        cold.append(measure(f"cold-{i}"))
        warm.append(measure(f"warm-{i}"))  # the cold round just filled the cache
    return cold, warm


@pytest.fixture
def quiet_celery():
    """Celery logs every eager task at INFO; printing that is not what we measure."""
    logger = logging.getLogger("celery.app.trace")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.mark.benchmark
@pytest.mark.django_db
def test_render_and_send_one_mjml_mail(django_capture_on_commit_callbacks, quiet_celery):
    capture = django_capture_on_commit_callbacks
    # Untimed rounds first, so imports, the database connection and Celery are warm.
    for i in range(5):
        _send(capture, f"warm-up-{i}")
    django_mail.outbox = []

    cold, warm = _interleaved(lambda key: _send(capture, key))
    render_cold, render_warm = _interleaved(lambda key: _render())

    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2 * ROUNDS + 5
    assert len(django_mail.outbox) == 2 * ROUNDS
    print(
        "\n".join(
            [
                "",
                f"Mail: render and send one MJML mail ({ROUNDS} rounds each, 'notification')",
                _summary("render + queue + deliver, cold", cold),
                _summary("render + queue + deliver, warm", warm),
                _summary("render only, cold (MJML compile)", render_cold),
                _summary("render only, warm (compile cache)", render_warm),
                f"  compile cache speed-up: render {_ratio(render_cold, render_warm)}, "
                f"whole send {_ratio(cold, warm)}",
            ]
        )
    )
