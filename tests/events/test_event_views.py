"""The event page, registering through it, and the signed links from the mails."""

import json
import re
from datetime import timedelta

import pytest

from django.test import Client
from django.utils import timezone

from events import services
from events.models import Registration
from loket.accounts.models import User

Status = Registration.Status

pytestmark = pytest.mark.django_db


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def register_url(event):
    return event.url + "aanmelden/"


VISITOR = {
    "first_name": "Joris",
    "last_name": "Bakker",
    "email": "Joris@Bakkerij-Bakker.nl",
    "company_name": "Bakkerij Bakker",
    "size_band": "10-49",
    "consent": "on",
    "answer": "Hoe houd ik mijn personeel vast?",
}


class TestEventPage:
    def test_shows_the_practical_facts_and_seats_left(self, client, make_event, make_member):
        event = make_event(
            capacity=5,
            price="25.00",
            reduced_price="10.00",
            reduced_price_condition="voor ondernemers in zwaar weer",
        )
        services.register_for_event(event, make_member())
        services.register_for_event(event, make_member())

        response = client.get(event.url)

        html = response.content.decode()
        assert response.status_code == 200
        assert event.title in html
        assert "Nog 3 plekken" in html
        assert "Het Ondernemershuis" in html
        assert "€ 25,00" in html
        assert "voor ondernemers in zwaar weer" in html
        assert "Meld me aan" in html

    def test_carries_schema_org_event_and_open_graph(self, client, event):
        html = client.get(event.url).content.decode()
        data = json_ld(html)
        assert data["@type"] == "Event"
        assert data["name"] == event.title
        assert data["startDate"] == timezone.localtime(event.start).isoformat()
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert data["location"]["address"]["addressLocality"] == "Utrecht"
        assert data["offers"]["price"] == "0.00"
        assert f'<meta property="og:title" content="{event.title}">' in html
        assert '<meta property="og:description"' in html

    def test_json_ld_cannot_break_out_of_its_script(self, client, make_event):
        event = make_event(title="Een </script><script>alert(1)</script> avond")
        html = client.get(event.url).content.decode()
        assert "<script>alert(1)" not in html
        assert json_ld(html)["name"] == event.title

    def test_the_online_link_is_for_registered_attendees_only(self, client, make_event, member):
        event = make_event(format="hybride", online_url="https://meet.example.nl/cashflow")

        assert "meet.example.nl" not in client.get(event.url).content.decode()

        services.register_for_event(event, member)
        client.force_login(member)
        html = client.get(event.url).content.decode()
        assert "https://meet.example.nl/cashflow" in html
        assert "meet.example.nl" not in json.dumps(json_ld(html))

    @pytest.mark.parametrize(
        ("fields", "text"),
        [
            (
                {"cancelled": True, "cancellation_reason": "De zaal is onder water gelopen."},
                "De zaal is onder water gelopen.",
            ),
            ({"registration_closes_at": "past"}, "Aanmelden is gesloten"),
            ({"start": "past"}, "al geweest"),
        ],
    )
    def test_shows_why_registering_is_not_possible(self, client, make_event, fields, text):
        for name, value in fields.items():
            if value == "past":
                fields[name] = timezone.now() - timedelta(days=1)
        event = make_event(**fields)
        html = client.get(event.url).content.decode()
        assert text in html
        assert "Meld me aan" not in html

    def test_a_full_event_offers_the_waiting_list(self, client, make_event, make_member):
        event = make_event(capacity=1)
        services.register_for_event(event, make_member())
        html = client.get(event.url).content.decode()
        assert "Zet me op de wachtlijst" in html
        assert json_ld(html)["offers"]["availability"] == "https://schema.org/SoldOut"


class TestMemberRegistration:
    def test_one_click(self, client, event, member, outbox):
        client.force_login(member)
        response = client.post(register_url(event), {})
        assert response.status_code == 303
        assert response["Location"] == event.url
        registration = Registration.objects.get()
        assert registration.status == Status.CONFIRMED
        assert registration.source == Registration.Source.MEMBER
        html = client.get(event.url).content.decode()
        assert "Je bent aangemeld!" in html
        assert "Fijn dat je komt" in html
        assert outbox(to=member.email, template="events_confirmation")

    def test_with_colleagues_and_an_answer(self, client, event, member):
        client.force_login(member)
        client.post(
            register_url(event),
            {
                "answer": "Ervaringen met een kredietunie",
                "colleague_1_name": "Piet Jansen",
                "colleague_1_email": "piet@example.nl",
            },
        )
        registration = Registration.objects.get()
        assert registration.seats == 2
        assert registration.answer == "Ervaringen met een kredietunie"

    def test_registering_twice_gives_a_message_and_no_second_row(self, client, event, member):
        client.force_login(member)
        client.post(register_url(event), {})
        response = client.post(register_url(event), {})
        assert response.status_code == 409
        assert "Je bent al aangemeld" in response.content.decode()
        assert Registration.objects.count() == 1

    def test_a_colleague_email_without_a_name_is_refused(self, client, event, member):
        client.force_login(member)
        response = client.post(register_url(event), {"colleague_1_email": "piet@example.nl"})
        assert response.status_code == 400
        assert "naam van je collega" in response.content.decode()
        assert not Registration.objects.exists()

    def test_a_closed_event_refuses_with_a_message(self, client, make_event, member):
        event = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
        client.force_login(member)
        response = client.post(register_url(event), {})
        assert response.status_code == 409
        assert "Aanmelden is gesloten" in response.content.decode()
        assert not Registration.objects.exists()

    def test_get_on_the_register_route_goes_back_to_the_page(self, client, event):
        response = client.get(register_url(event))
        assert response.status_code == 302
        assert response["Location"] == event.url

    def test_posting_needs_the_csrf_token(self, event, member):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member)
        assert client.post(register_url(event), {}).status_code == 403
        assert not Registration.objects.exists()


class TestVisitorRegistration:
    def test_creates_a_light_account_and_registers(self, client, event, outbox):
        response = client.post(register_url(event), VISITOR)

        assert response.status_code == 303
        user = User.objects.get(email="joris@bakkerij-bakker.nl")
        assert not user.has_usable_password()
        assert not user.email_verified
        assert user.profile.company_name == "Bakkerij Bakker"
        assert user.profile.company_size == "10-49"
        registration = Registration.objects.get(user=user)
        assert registration.status == Status.CONFIRMED
        assert registration.source == Registration.Source.VISITOR
        assert outbox(to=user.email, template="events_confirmation")

    def test_the_same_visitor_can_register_for_another_event(self, client, make_event):
        first, second = make_event(), make_event()
        client.post(register_url(first), VISITOR)
        response = client.post(register_url(second), VISITOR)
        assert response.status_code == 303
        assert User.objects.filter(email="joris@bakkerij-bakker.nl").count() == 1
        assert Registration.objects.count() == 2

    @pytest.mark.parametrize(
        ("change", "text"),
        [
            ({"email": "joris@"}, "Dit e-mailadres klopt niet"),
            ({"email": ""}, "Vul je e-mailadres in"),
            ({"first_name": ""}, "Vul je naam in"),
            ({"size_band": "enorm"}, "Kies een van de opties"),
            ({"consent": ""}, "Zonder jouw akkoord"),
        ],
    )
    def test_bad_input_gets_a_dutch_message_and_stores_nothing(
        self, client, event, outbox, change, text
    ):
        users = User.objects.count()
        response = client.post(register_url(event), {**VISITOR, **change})
        assert response.status_code == 400
        assert text in response.content.decode()
        assert User.objects.count() == users
        assert not Registration.objects.exists()
        assert outbox() == []

    def test_an_address_with_an_account_must_log_in(self, client, event, make_member):
        make_member("joris@bakkerij-bakker.nl")
        response = client.post(register_url(event), VISITOR)
        assert response.status_code == 409
        assert "Log in" in response.content.decode()
        assert not Registration.objects.exists()

    def test_no_account_is_left_behind_when_registration_is_refused(self, client, make_event):
        event = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
        response = client.post(register_url(event), VISITOR)
        assert response.status_code == 409
        assert not User.objects.filter(email="joris@bakkerij-bakker.nl").exists()


class TestSignedLinks:
    def test_cancel_link_asks_then_cancels_and_promotes_the_first_waiting(
        self, client, make_event, make_member, outbox
    ):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        url = seat.cancel_url()

        page = client.get(url)
        assert page.status_code == 200
        assert "Ja, meld me af" in page.content.decode()
        seat.refresh_from_db()
        assert seat.status == Status.CONFIRMED  # a GET (or a mail scanner) changes nothing

        done = client.post(url)
        assert done.status_code == 200
        assert "Je bent afgemeld" in done.content.decode()
        seat.refresh_from_db()
        waiting.refresh_from_db()
        assert seat.status == Status.CANCELLED
        assert waiting.status == Status.OFFERED
        assert outbox(to=waiting.user.email, template="events_offer")

    @pytest.mark.parametrize("route", ["afmelden", "plek", "wachtlijst"])
    def test_a_tampered_link_gets_a_message_and_changes_nothing(self, client, event, member, route):
        registration = services.register_for_event(event, member)
        url = f"{event.url}{route}/{registration.token}x/"
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "Deze link klopt niet" in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_a_link_of_another_event_is_refused(self, client, make_event, member):
        registration = services.register_for_event(make_event(), member)
        other = make_event()
        response = client.post(f"{other.url}afmelden/{registration.token}/")
        assert response.status_code == 400
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_claiming_and_declining_an_offer(self, client, make_event, make_member):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        first = services.register_for_event(event, make_member())
        second = services.register_for_event(event, make_member())
        services.cancel_registration(seat.token)

        page = client.get(first.offer_url())
        assert "Er is een plek vrij voor je!" in page.content.decode()
        client.post(first.offer_url(), {"keuze": "afslaan"})
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == Status.CANCELLED
        assert second.status == Status.OFFERED

        response = client.post(second.offer_url(), {"keuze": "aannemen"})
        assert "Je plek is bevestigd!" in response.content.decode()
        second.refresh_from_db()
        assert second.status == Status.CONFIRMED

    def test_an_expired_offer_says_so(self, client, make_event, make_member):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        services.cancel_registration(seat.token)
        Registration.objects.filter(pk=waiting.pk).update(
            offer_expires_at=timezone.now() - timedelta(seconds=1)
        )
        response = client.post(waiting.offer_url(), {"keuze": "aannemen"})
        assert response.status_code == 409
        assert "verlopen" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == Status.OFFERED

    def test_leaving_the_waiting_list_link(self, client, make_event, make_member):
        event = make_event(capacity=1)
        services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        assert "Van de wachtlijst af?" in client.get(waiting.leave_url()).content.decode()
        response = client.post(waiting.leave_url())
        assert "Je staat niet meer op de wachtlijst" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == Status.CANCELLED

    def test_the_waiting_position_shows_on_the_page(self, client, make_event, make_member):
        event = make_event(capacity=1)
        services.register_for_event(event, make_member())
        services.register_for_event(event, make_member())
        second = make_member()
        services.register_for_event(event, second)
        client.force_login(second)
        assert "op plek 2" in client.get(event.url).content.decode()


class TestFromTheEventPage:
    def test_a_registered_member_cancels_from_the_page(self, client, make_event, member):
        event = make_event()
        registration = services.register_for_event(event, member)
        client.force_login(member)
        html = client.get(event.url).content.decode()
        action = re.search(r'<form method="post" action="([^"]+/afmelden/[^"]+)"', html).group(1)
        assert action.startswith("/")

        response = client.post(action)

        assert "Je bent afgemeld" in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == Status.CANCELLED


def test_the_page_names_a_hosts_role_in_one_word(client, event):
    event.speakers.create(
        name="Linda Verhoeven", role="gastheer", title="communitymanager bij het Ondernemersloket"
    )
    event.speakers.create(name="Mark Hoekstra", role="expert", title="financieel adviseur")
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert '<span class="badge">Host</span>' in html
    assert '<span class="badge">Expert</span>' in html
    assert "Gastheer of gastvrouw" not in html  # the editor's label, not the visitor's
    assert "communitymanager bij het Ondernemersloket" in html
