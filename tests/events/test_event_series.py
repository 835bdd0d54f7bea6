"""Recurring series: one definition, each occurrence a real page of its own."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import EventPage
from events.services import RegistrationError
from loket.themes.models import Theme

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class TestDates:
    def test_every_first_tuesday_of_the_month(self):
        # 3 March 2026 is the first Tuesday of March.
        dates = services.series_dates(date(2026, 3, 3), "monthly", 4)
        assert dates == [date(2026, 3, 3), date(2026, 4, 7), date(2026, 5, 5), date(2026, 6, 2)]

    def test_the_last_weekday_stays_the_last(self):
        # 31 March 2026 is the fifth (last) Tuesday; April's last Tuesday is the 28th.
        assert services.series_dates(date(2026, 3, 31), "monthly", 2)[1] == date(2026, 4, 28)

    def test_across_the_year_end(self):
        dates = services.series_dates(date(2026, 12, 1), "monthly", 2)
        assert dates[1] == date(2027, 1, 5)

    def test_weekly_and_biweekly(self):
        assert services.series_dates(date(2026, 3, 3), "weekly", 3)[2] == date(2026, 3, 17)
        assert services.series_dates(date(2026, 3, 3), "biweekly", 2)[1] == date(2026, 3, 17)

    def test_an_unknown_rule_is_refused(self):
        with pytest.raises(RegistrationError):
            services.series_dates(date(2026, 3, 3), "dagelijks", 3)


class TestCreateSeries:
    def test_each_occurrence_is_a_live_page_with_the_same_content(self, make_event):
        finance = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]
        # Winter time start; a later occurrence falls in summer time and keeps 19:30 local.
        start = datetime(2031, 3, 4, 19, 30, tzinfo=AMSTERDAM)
        event = make_event(title="Ondernemerscafé", start=start, themes=[finance])
        event.speakers.create(name="Sanne de Vries", title="eigenaar van een bakkerij")
        event.save_revision().publish()

        created = services.create_series(event, rule="monthly", count=3)

        assert len(created) == 2
        pages = list(EventPage.objects.filter(series_id=created[0].series_id).order_by("start"))
        assert [p.pk for p in pages][0] == event.pk
        assert [timezone.localtime(p.start).strftime("%d-%m %H:%M") for p in pages] == [
            "04-03 19:30",
            "01-04 19:30",
            "06-05 19:30",
        ]
        for page in pages[1:]:
            assert page.live
            assert page.title == "Ondernemerscafé"
            assert list(page.themes.all()) == [finance]
            assert [s.name for s in page.speakers.all()] == ["Sanne de Vries"]
            assert page.end - page.start == timedelta(hours=2)
            assert not page.registrations.exists()

    def test_an_occurrence_can_be_edited_on_its_own(self, make_event):
        event = make_event(title="Ondernemerscafé")
        second = services.create_series(event, rule="weekly", count=2)[0]
        second.title = "Ondernemerscafé: speciale editie"
        second.save_revision().publish()
        event.refresh_from_db()
        assert event.title == "Ondernemerscafé"

    def test_running_twice_makes_no_doubles(self, make_event):
        event = make_event()
        services.create_series(event, rule="weekly", count=3)
        again = services.create_series(event, rule="weekly", count=3)
        assert again == []
        assert EventPage.objects.count() == 3

    @pytest.mark.parametrize("count", [1, 0, 25])
    def test_a_silly_count_is_refused(self, make_event, count):
        event = make_event()
        with pytest.raises(RegistrationError):
            services.create_series(event, rule="weekly", count=count)
        assert EventPage.objects.count() == 1

    def test_the_page_links_to_the_other_dates(self, client, make_event):
        event = make_event()
        others = services.create_series(event, rule="weekly", count=3)
        html = client.get(event.url).content.decode()
        assert "Ook op deze datums" in html
        for other in others:
            assert other.url in html


class TestSeriesAdmin:
    def test_the_admin_form_previews_and_creates(self, client, make_event, make_member):
        admin = make_member("beheer@ondernemersloket.nl", is_staff=True, is_superuser=True)
        event = make_event()
        client.force_login(admin)
        url = reverse("events_admin:series", args=[event.pk])

        assert client.get(url).status_code == 200
        bad = client.post(url, {"rule": "weekly", "count": "99"})
        assert bad.status_code == 400
        assert EventPage.objects.count() == 1

        response = client.post(url, {"rule": "biweekly", "count": "4"})
        assert response.status_code == 302
        assert EventPage.objects.count() == 4

    def test_a_member_cannot_make_a_series(self, client, make_event, member):
        event = make_event()
        client.force_login(member)
        response = client.post(
            reverse("events_admin:series", args=[event.pk]), {"rule": "weekly", "count": "3"}
        )
        assert response.status_code in (302, 403)
        assert EventPage.objects.count() == 1
