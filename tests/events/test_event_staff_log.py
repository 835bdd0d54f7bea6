"""Staff acts on registrations (check-in, undo, removal) land in Wagtail's log as the staff's,
and show in the site history report for a community manager."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

from events import services
from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_member):
    user = make_member("manager@ondernemersloket.nl")
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user


def entries(registration, action=None):
    rows = ModelLogEntry.objects.filter(object_id=str(registration.pk))
    rows = rows.filter(content_type__model="registration")
    return list(rows.filter(action=action) if action else rows)


def test_check_in_from_the_admin_logs_one_entry(client, manager, event, member):
    registration = services.register_for_event(event, member)
    client.force_login(manager)

    url = reverse("events_admin:check_in", args=[event.pk, registration.pk])
    client.post(url)
    client.post(url)  # ticking twice keeps the first time, and logs nothing new

    [entry] = entries(registration)
    assert entry.action == "loket.events.check_in"
    assert entry.user_id == manager.pk
    assert entry.data["event"] == event.title
    assert member.last_name not in entry.label


def test_undo_is_logged(client, manager, event, member):
    registration = services.register_for_event(event, member)
    services.check_in(event, registration, by=manager)
    client.force_login(manager)

    client.post(
        reverse("events_admin:check_in", args=[event.pk, registration.pk]), {"ongedaan": "1"}
    )

    [entry] = entries(registration, "loket.events.check_in_undone")
    assert entry.user_id == manager.pk


def test_failed_check_in_logs_nothing(manager, make_event, event, member):
    registration = services.register_for_event(make_event(title="Andere"), member)

    with pytest.raises(services.RegistrationError):
        services.check_in(event, registration, by=manager)

    assert entries(registration) == []


def test_removal_by_staff_is_logged(client, manager, event, member):
    registration = services.register_for_event(event, member)
    client.force_login(manager)

    client.post(reverse("events_admin:remove", args=[event.pk, registration.pk]))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    [entry] = entries(registration)
    assert (entry.action, entry.user_id) == ("loket.events.removed_by_staff", manager.pk)


def test_removal_without_staff_is_not_logged(event, member):
    """Erasing an account frees its seats through the same service: that is no staff act."""
    registration = services.register_for_event(event, member)
    services.remove_by_staff(registration)
    assert entries(registration) == []


def test_site_history_lists_the_check_in_for_a_manager(client, manager, event, member):
    registration = services.register_for_event(event, member)
    services.check_in(event, registration, by=manager)
    client.force_login(manager)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Aanwezig gemeld bij {event.title}" in html
    assert f"Aanmelding {registration.pk} voor {event.title}" in html


def test_registration_history_view_shows_the_check_in(client, manager, event, member):
    registration = services.register_for_event(event, member)
    services.check_in(event, registration, by=manager)
    client.force_login(manager)

    url = reverse("wagtailsnippets_events_registration:history", args=[registration.pk])
    response = client.get(url)

    assert response.status_code == 200
    assert f"Aanwezig gemeld bij {event.title}" in response.content.decode()


def test_adding_someone_by_hand_is_logged_as_the_organisers_act(client, manager, event, member):
    client.force_login(manager)

    client.post(reverse("events_admin:add", args=[event.pk]), {"email": member.email})

    registration = Registration.objects.get(event=event, user=member)
    assert registration.source == Registration.Source.STAFF
    [entry] = entries(registration)
    assert (entry.action, entry.user_id) == ("loket.events.added_by_staff", manager.pk)
    assert entry.data["event"] == event.title
    assert member.last_name not in entry.label
