"""Fixtures for the mail tests: a cold compile cache per test and an SMTP server that fails."""

from smtplib import SMTPServerDisconnected

import pytest

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from loket.mail.rendering import clear_template_cache


@pytest.fixture(autouse=True)
def _cold_mail_templates():
    clear_template_cache()
    yield
    clear_template_cache()


@pytest.fixture
def smtp_failures(monkeypatch):
    """Make the next ``n`` sends fail like a dropped SMTP connection: ``smtp_failures(n)``.

    ``smtp_failures(n, error)`` fails them with ``error`` instead (an SMTP refusal, say).
    Returns a dict counting ``attempts`` (every send tried) and ``failed``.
    """
    counts = {"attempts": 0, "failed": 0, "remaining": 0}
    raised = {"error": None}
    real_send = LocmemBackend.send_messages

    def send_messages(self, messages):
        counts["attempts"] += 1
        if counts["remaining"] != 0:
            counts["remaining"] -= 1
            counts["failed"] += 1
            raise raised["error"] or SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_messages)

    def fail(n, error=None):
        """Fail the next ``n`` sends; ``-1`` fails every send."""
        counts["remaining"] = n
        raised["error"] = error
        return counts

    return fail


@pytest.fixture
def notification_context():
    return {
        "heading": "Je bent aangemeld voor de bijeenkomst",
        "first_name": "Fatima",
        "paragraphs": ["Leuk dat je komt naar de bijeenkomst over financiering.", "Tot dan!"],
        "button_label": "Bekijk de bijeenkomst",
        "button_url": "https://loket.example/bijeenkomsten/financiering/",
    }
