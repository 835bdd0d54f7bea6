"""Change notices when time or place changes, and the organiser's message to all attendees."""

from datetime import timedelta

import pytest

from django.urls import reverse

from events import services
from events.models import AttendeeMessage, EventPage
from events.services import RegistrationError

pytestmark = pytest.mark.django_db


def edit_and_publish(event, **changes):
    page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


class TestChangeNotice:
    def test_a_new_time_or_place_mails_everyone_once(self, make_event, make_member, outbox):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())

        event = edit_and_publish(
            event, start=event.start + timedelta(hours=1), end=event.end + timedelta(hours=1)
        )

        for registration in (seat, waiting):
            (mail,) = outbox(to=registration.user.email, template="events_schedule_changed")
            assert "Gewijzigd" in mail.subject
        # Publishing again without a change tells nobody anything new.
        edit_and_publish(event, intro="Een betere introductie.")
        assert len(outbox(template="events_schedule_changed")) == 2
        # A second change is told again.
        edit_and_publish(event, venue_name="De Prodentfabriek")
        assert len(outbox(template="events_schedule_changed")) == 4

    def test_a_text_edit_is_no_change_notice(self, event, member, outbox):
        services.register_for_event(event, member)
        edit_and_publish(event, title="Grip op je cashflow (volle zaal!)")
        assert outbox(template="events_schedule_changed") == []

    def test_a_series_survives_editing_an_older_revision(self, make_event):
        event = make_event()
        services.create_series(event, rule="weekly", count=2)
        event = edit_and_publish(event, intro="Nieuw")
        assert event.series_id is not None


class TestMessageToAttendees:
    def test_everyone_with_a_seat_gets_it(self, make_event, make_member, outbox):
        event = make_event(capacity=2)
        seats = [services.register_for_event(event, make_member()) for _ in range(2)]
        waiting = services.register_for_event(event, make_member())

        message = services.message_attendees(
            event, subject="Parkeren bij de zaal", body="Parkeer op P2.\nTot morgen!"
        )

        assert message.recipients == 2
        for registration in seats:
            (mail,) = outbox(to=registration.user.email, template="events_attendee_message")
            assert mail.subject == "Parkeren bij de zaal"
            assert "Parkeer op P2." in mail.text
        assert not outbox(to=waiting.user.email, template="events_attendee_message")

    @pytest.mark.parametrize(
        ("subject", "body"), [("", "Tekst"), ("Onderwerp", "  "), ("x" * 151, "Tekst")]
    )
    def test_an_empty_or_too_long_message_is_refused(self, event, member, subject, body, outbox):
        services.register_for_event(event, member)
        with pytest.raises(RegistrationError):
            services.message_attendees(event, subject=subject, body=body)
        assert not AttendeeMessage.objects.exists()
        assert outbox(template="events_attendee_message") == []

    def test_from_the_attendees_page(self, client, make_event, make_member, outbox):
        admin = make_member("beheer@ondernemersloket.nl", is_staff=True, is_superuser=True)
        event = make_event()
        services.register_for_event(event, make_member())
        client.force_login(admin)
        url = reverse("events_admin:message", args=[event.pk])

        bad = client.post(url, {"subject": "", "body": ""}, follow=True)
        assert "Vul een onderwerp en een bericht in." in bad.content.decode()

        response = client.post(
            url, {"subject": "Tot morgen", "body": "Neem je vragen mee."}, follow=True
        )
        assert "verstuurd aan 1" in response.content.decode()
        assert len(outbox(template="events_attendee_message")) == 1
