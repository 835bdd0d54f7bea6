"""The unsubscribe link: GET asks, POST (also RFC 8058 one-click) records; bad links get a 400."""

import pytest

from django.core import signing
from django.test import Client

from loket.mail import services
from loket.mail.models import MailOptOut, OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    return services.unsubscribe_token("Fatima@Example.nl")


@pytest.fixture
def url(token):
    return f"/afmelden/{token}/"


def test_the_link_asks_before_it_unsubscribes(client, url):
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Afmelden voor mailings" in page
    assert "fatima@example.nl" in page
    assert f'<form method="post" action="{url}"' in page
    assert "Ja, meld me af" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page  # a personal link
    assert not MailOptOut.objects.exists()  # a link scanner's GET unsubscribes nobody


def test_confirming_unsubscribes(client, url):
    response = client.post(url)

    assert response.status_code == 200
    assert "Je bent afgemeld" in response.content.decode()
    assert services.is_opted_out("fatima@example.nl", "bulk")


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(url):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        url,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert services.is_opted_out("fatima@example.nl", "bulk")


def test_unsubscribing_twice_is_harmless(client, url):
    client.post(url)
    response = client.post(url)

    assert response.status_code == 200
    assert MailOptOut.objects.count() == 1


def test_clicked_by_mistake_resubscribes(client, url):
    client.post(url)

    response = client.post(url, {"action": "aanmelden"})

    assert response.status_code == 200
    assert "Welkom terug" in response.content.decode()
    assert not services.is_opted_out("fatima@example.nl", "bulk")


@pytest.mark.parametrize(
    "bad_token",
    [
        "niet-een-token",
        "eyJlIjoiZmF0aW1hQGV4YW1wbGUubmwiLCJjIjoiYnVsayJ9:1abcde:ongeldig",
        signing.dumps({"e": "fatima@example.nl", "c": "bulk"}),  # signed for another purpose
        signing.dumps({"e": "fatima@example.nl", "c": "alles"}, salt=services.UNSUBSCRIBE_SALT),
        signing.dumps(["fatima@example.nl"], salt=services.UNSUBSCRIBE_SALT),
    ],
    # Fixed ids: a signed value carries the time, and pytest-xdist's workers must collect alike.
    ids=["no-token", "bad-signature", "other-purpose", "unknown-kind", "not-a-mapping"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_gets_a_friendly_400(client, bad_token, method):
    response = getattr(client, method)(f"/afmelden/{bad_token}/")

    assert response.status_code == 400
    assert "Deze afmeldlink werkt niet" in response.content.decode()
    assert not MailOptOut.objects.exists()


def test_a_tampered_address_is_refused(client, token):
    forged = services.unsubscribe_token("iemand@example.nl")
    # Someone else's payload with this token's signature.
    tampered = forged.split(":")[0] + ":" + ":".join(token.split(":")[1:])

    response = client.post(f"/afmelden/{tampered}/")

    assert response.status_code == 400
    assert not MailOptOut.objects.exists()


def test_other_methods_are_not_allowed(client, url):
    assert client.put(url).status_code == 405


def test_the_link_in_a_mailing_stops_the_next_mailing(
    client, notification_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.queue_mail(
            to="fatima@example.nl",
            template="notification",
            context=notification_context,
            idempotency_key="mailing-1-fatima",
            category="bulk",
        )
    one_click_url = first.headers["List-Unsubscribe"].strip("<>")

    assert client.post(one_click_url).status_code == 200

    second = services.queue_mail(
        to="fatima@example.nl",
        template="notification",
        context=notification_context,
        idempotency_key="mailing-2-fatima",
        category="bulk",
    )
    assert second is None
    assert OutgoingMail.objects.count() == 1
