"""``seed_demo`` fills the agenda: a year of events, one full, one online, a series, a past one."""

import pytest

from django.core.management import call_command
from django.utils import timezone

from events.models import EventPage, EventStatus, Registration

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_believable_agenda_and_is_safe_to_run_twice(client, seeded_demo):
    count = EventPage.objects.count()
    registrations = Registration.objects.count()

    call_command("seed_demo", "--no-progress", verbosity=0)

    assert EventPage.objects.count() == count
    assert Registration.objects.count() == registrations
    events = list(EventPage.objects.live())
    now = timezone.now()
    upcoming = [e for e in events if e.start > now]
    assert len(upcoming) >= 12
    assert (max(e.start for e in upcoming) - now).days > 300
    assert any(e.get_status() == EventStatus.FULL for e in upcoming)
    full = next(e for e in upcoming if e.get_status() == EventStatus.FULL)
    assert full.registrations.filter(status="wachtlijst").exists()
    assert any(e.format == "online" for e in upcoming)
    series = [e for e in events if e.series_id]
    assert len(series) == 6
    assert len({e.series_id for e in series}) == 1
    past = [e for e in events if e.end < now]
    assert past
    assert Registration.objects.filter(event__in=past, checked_in_at__isnull=False).exists()
    assert len({t.slug for e in events for t in e.themes.all()}) >= 8

    index = events[0].get_parent()
    assert client.get(index.url).status_code == 200
    for event in events[:5]:
        assert client.get(event.url).status_code == 200
