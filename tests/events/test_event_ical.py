"""iCal per event and the subscribable agenda feed, checked by parsing them with icalendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from django.utils import timezone

from loket.themes.models import Theme

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


class TestEventFile:
    def test_one_event_with_amsterdam_time_and_its_timezone(self, client, make_event):
        # A summer date, so the offset (+02:00) differs from winter time.
        start = datetime(2031, 6, 12, 19, 30, tzinfo=AMSTERDAM)
        event = make_event(title="Zomeravond: personeel vinden", start=start)

        response = client.get(event.url + "ical/")

        assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
        calendar = parse(response)
        assert calendar["VERSION"] == "2.0"
        assert calendar["PRODID"]
        (vevent,) = vevents(calendar)
        assert str(vevent["SUMMARY"]) == "Zomeravond: personeel vinden"
        assert vevent.decoded("DTSTART") == start
        assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert vevent.decoded("DTEND") == start + timedelta(hours=2)
        assert vevent["UID"].endswith(f"event-{event.pk}@testserver")
        assert "Het Ondernemershuis" in str(vevent["LOCATION"])
        assert str(vevent["URL"]).endswith(event.url)
        (tz,) = calendar.walk("VTIMEZONE")
        assert str(tz["TZID"]) == "Europe/Amsterdam"
        assert {c.name for c in tz.subcomponents} == {"STANDARD", "DAYLIGHT"}

    def test_the_online_link_is_not_in_the_public_file(self, client, make_event):
        event = make_event(format="online", venue_name="", online_url="https://meet.example.nl/a")
        (vevent,) = vevents(parse(client.get(event.url + "ical/")))
        assert "meet.example.nl" not in vevent.to_ical().decode()
        assert str(vevent["LOCATION"]) == "Online"

    def test_a_cancelled_event_says_so(self, client, make_event):
        event = make_event(cancelled=True, cancellation_reason="Te weinig aanmeldingen.")
        (vevent,) = vevents(parse(client.get(event.url + "ical/")))
        assert str(vevent["STATUS"]) == "CANCELLED"


class TestFeed:
    def test_lists_upcoming_events_only(self, client, agenda, make_event):
        now = timezone.now()
        make_event(title="Komt", start=now + timedelta(days=3))
        make_event(title="Ook", start=now + timedelta(days=30))
        make_event(title="Voorbij", start=now - timedelta(days=3))
        make_event(title="Afgelast", cancelled=True, cancellation_reason="Ziek.")

        calendar = parse(client.get(agenda.url + "ical/"))

        assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Komt", "Ook"]
        assert len({str(v["UID"]) for v in vevents(calendar)}) == 2
        assert calendar.walk("VTIMEZONE")
        assert "Bijeenkomsten" in str(calendar["X-WR-CALNAME"])

    def test_per_theme(self, client, agenda, make_event):
        finance = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]
        make_event(title="Geld", themes=[finance])
        make_event(title="Anders")
        calendar = parse(client.get(agenda.url + "ical/", {"thema": "financien"}))
        assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Geld"]
        assert "Financiën" in str(calendar["X-WR-CALNAME"])

    def test_an_unknown_theme_is_a_404(self, client, agenda):
        assert client.get(agenda.url + "ical/", {"thema": "bestaat-niet"}).status_code == 404

    def test_an_empty_agenda_is_still_a_valid_calendar(self, client, agenda):
        calendar = parse(client.get(agenda.url + "ical/"))
        assert vevents(calendar) == []
