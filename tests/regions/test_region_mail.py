"""Mail sent for a region carries its name, sender, footer address and hostname, also when it
is rendered outside a request (a task, a command): nothing here has a request."""

import pytest

from django.utils import timezone

from campaigns.mailings import services as mailings
from campaigns.mailings.models import Mailing
from events.models import EventIndexPage, Registration
from events.notifications import confirmation
from loket.core.models import SiteSettings
from loket.mail.models import OutgoingMail
from loket.mail.services import queue_mail
from tests.factories import MemberFactory
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gelderland(regions):
    site = regions["y"]
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Ondernemersloket Gelderland"
    settings.address = "Jansbuitensingel 7\n6811 AA Arnhem"
    settings.mail_sender_name = "Loket Gelderland"
    settings.mail_sender_address = "gelderland@ondernemersloket.nl"
    settings.save()
    return site


def test_a_mail_for_a_region_has_its_sender_footer_and_hostname(gelderland):
    mail = queue_mail(
        to="sanne@example.nl",
        template="notification",
        context={"subject": "Welkom", "heading": "Welkom", "paragraphs": ["Fijn dat je er bent."]},
        idempotency_key="test:region-mail",
        site=gelderland,
    )
    assert mail.from_email == "Loket Gelderland <gelderland@ondernemersloket.nl>"
    assert "Ondernemersloket Gelderland · Jansbuitensingel 7 6811 AA Arnhem" in mail.text
    assert "http://gelderland.localhost/" in mail.text
    assert 'href="http://gelderland.localhost/"' in mail.html
    assert "Ondernemersloket Regio Gelderland</a>" in mail.html


def test_without_a_region_the_platform_defaults_stay(settings, regions):
    mail = queue_mail(
        to="sanne@example.nl",
        template="notification",
        context={"subject": "Welkom", "heading": "Welkom", "paragraphs": ["Hallo."]},
        idempotency_key="test:platform-mail",
    )
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert settings.MAIL_FOOTER_ADDRESS in mail.text
    assert "gelderland.localhost" not in mail.text


def test_an_event_confirmation_comes_from_the_events_region(gelderland):
    agenda = EventIndexPage.objects.descendant_of(gelderland.root_page).get()
    event = EventPageFactory(parent=agenda, start=timezone.now() + timezone.timedelta(days=5))
    registration = Registration.objects.create(
        event=event, user=MemberFactory(), status=Registration.Status.CONFIRMED
    )
    mail = confirmation(registration)
    assert mail.from_email == "Loket Gelderland <gelderland@ondernemersloket.nl>"
    assert "http://gelderland.localhost/" in mail.text


def test_a_regional_mailing_is_sent_from_its_region(gelderland):
    member = MemberFactory(profile__newsletter=True, profile__home_site=gelderland)
    mailing = Mailing.objects.create(
        subject="Nieuws uit Gelderland",
        site=gelderland,
        body=[("text", {"text": "<p>Hoi [voornaam], dit gebeurt er in Gelderland.</p>"})],
    )
    mailings.schedule(mailing)
    mailings.start_sending(mailing.pk)
    while mailings.send_batch(mailing.pk):
        pass
    mail = OutgoingMail.objects.get(to=member.email)
    assert mail.from_email == "Loket Gelderland <gelderland@ondernemersloket.nl>"
    assert "Ondernemersloket Gelderland · Jansbuitensingel 7 6811 AA Arnhem" in mail.text
    assert "http://gelderland.localhost/" in mail.html
