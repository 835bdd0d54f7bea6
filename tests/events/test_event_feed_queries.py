"""The agenda feed is cached per change and answers calendar apps' conditional polls with 304."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from django.utils import timezone

from events.models import EventPage
from events.services.organiser import cancel_event

pytestmark = pytest.mark.django_db


def _titles(response):
    assert response.status_code == 200
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_poll_with_the_etag_or_date_gets_304_until_the_agenda_changes(client, agenda, make_event):
    make_event(title="Personeel vinden")
    url = agenda.url + "ical/"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    make_event(title="Financiering rond krijgen")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert _titles(changed) == {"Personeel vinden", "Financiering rond krijgen"}
    assert changed["ETag"] != first["ETag"]


def test_a_cancellation_and_an_event_that_ended_change_the_feed(client, agenda, make_event):
    keep = make_event(title="Personeel vinden")
    cancelled = make_event(title="Gaat niet door")
    ends = make_event(title="Bijna voorbij")
    url = agenda.url + "ical/"
    etag = client.get(url)["ETag"]
    cancel_event(cancelled, "De spreker is ziek.")
    after_cancel = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert _titles(after_cancel) == {keep.title, ends.title}
    # Time passes: the event ends without anyone publishing anything.
    EventPage.objects.filter(pk=ends.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    after_end = client.get(url, HTTP_IF_NONE_MATCH=after_cancel["ETag"])
    assert _titles(after_end) == {keep.title}


def test_the_feed_is_built_once_per_change_and_costs_the_same_for_10_and_50_events(
    client, agenda, make_event, django_assert_num_queries, django_assert_max_num_queries
):
    for i in range(10):
        make_event(title=f"Bijeenkomst {i}")
    url = agenda.url + "ical/"
    client.get(url)
    with django_assert_max_num_queries(20) as cached:
        assert len(_titles(client.get(url))) == 10
    cached_count = len(cached.captured_queries)  # now: the log it slices moves on
    for i in range(10, 50):
        make_event(title=f"Bijeenkomst {i}")
    assert len(_titles(client.get(url))) == 50  # built anew after the change
    with django_assert_num_queries(cached_count):
        assert len(_titles(client.get(url))) == 50
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(cached_count):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
