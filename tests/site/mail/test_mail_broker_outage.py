"""A broker that refuses connections never turns saved work into an error page.

The request commits its rows (the account, the registration, the outbox row), the publish to the
broker after the commit fails, is logged, and the outbox row waits for the sweep
(``resend_stuck_mail``). Real commits, Celery not eager, a broker address nobody listens on.
"""

import logging

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Registration
from loket.celery import app as celery_app
from loket.mail import services
from loket.mail.models import OutgoingMail
from tests.events.conftest import build_event, build_member
from tests.factories import EventIndexPageFactory, default_home
from tests.site.accounts.test_accounts_signup import SIGNUP, signup_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Port 1 on the loopback: nothing listens there, so a connection is refused at once.
REFUSING_BROKER = "redis://127.0.0.1:1/0"


def _forget_connections():
    """Make the next publish connect to the broker URL afresh: drop the connection pool and the
    producer pool (``Celery.close()`` keeps the latter), as Celery does in a forked child."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Celery reads the broker URL from the environment variable CELERY_BROKER_URL before its
    configuration (``Settings.broker_url``): setting ``conf.broker_url`` alone left the PostgreSQL
    pass, which sets that variable, publishing to the real broker. Both point at the refusing one.
    """
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager)
    monkeypatch.setenv("CELERY_BROKER_URL", REFUSING_BROKER)
    conf.broker_url, conf.task_always_eager = REFUSING_BROKER, False
    _forget_connections()
    assert celery_app.connection_for_write().port == 1  # the refusing broker, not the real one
    try:
        yield
    finally:
        monkeypatch.undo()
        conf.broker_url, conf.task_always_eager = previous
        _forget_connections()


def _queued(to):
    return OutgoingMail.objects.filter(to=to, status=OutgoingMail.Status.QUEUED)


def test_signing_up_while_the_broker_is_down(client, broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="loket.celery"):
        response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response.url == reverse("accounts:check_mail")
    assert get_user_model().objects.filter(email="anouk@example.nl").exists()
    assert _queued("anouk@example.nl").count() == 1
    # The operator's trace of the outage: which task waits for the sweep.
    assert "deliver_mail" in caplog.text and "sweep" in caplog.text


def test_asking_for_a_password_reset_while_the_broker_is_down(client, broker_down):
    build_member("fatima@example.nl", email_verified=True)
    response = client.post(reverse("accounts:password_reset"), {"email": "fatima@example.nl"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert _queued("fatima@example.nl").count() == 1


def test_registering_for_an_event_while_the_broker_is_down(client, broker_down):
    event = build_event(EventIndexPageFactory(parent=default_home()))
    member = build_member("sanne@example.nl", email_verified=True)
    client.force_login(member)
    response = client.post(event.url + "aanmelden/", follow=True)
    assert response.status_code == 200
    assert "Er ging iets mis" not in response.content.decode()
    assert Registration.objects.filter(event=event, user=member).exists()
    assert _queued("sanne@example.nl").exists()


def test_the_sweep_finds_the_row_the_broker_never_got(client, broker_down):
    client.post(SIGNUP, signup_data())
    [row] = _queued("anouk@example.nl")
    # Once the broker is back, the sweep enqueues it again (eagerly here: it is sent at once).
    celery_app.conf.task_always_eager = True
    assert services.resend_stuck(older_than=services.timedelta(0)) == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
