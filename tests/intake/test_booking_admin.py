"""The booking admin as a region's community manager (not a superuser): advisers, slots and the
outcome of a booked conversation, in the own region only."""

from datetime import timedelta

import pytest

from django.urls import reverse

from loket.accounts.services.roles import region_groups
from loket.intake.models import Adviser, Booking, Slot, Status, WeeklyAvailability
from loket.intake.services import booking as bookings
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_region(db):
    from loket.core.regions import build_region

    return build_region("Regio Gelderland", "gelderland.localhost").site


@pytest.fixture
def region_manager(region):
    user = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    user.groups.add(region_groups(region)["communitymanager"])
    return user


@pytest.fixture
def booked(make_slot, region):
    data = {"name": "Joost Bakker", "email": "joost@bakker.nl", "question": "Een vraag " * 3}
    return bookings.book_slot(make_slot(days=1).pk, data, site=region)


def test_the_community_manager_adds_an_adviser_and_a_weekly_spreekuur(
    client, region_manager, region, theme
):
    client.force_login(region_manager)
    response = client.post(
        reverse("wagtailsnippets_intake_adviser:add"),
        {
            "name": "Yara Boukhari",
            "role": "oud",
            "site": region.pk,
            "intro": "Runde tien jaar een webwinkel.",
            "themes": [theme.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    adviser = Adviser.objects.get(name="Yara Boukhari")
    response = client.post(
        reverse("wagtailsnippets_intake_weeklyavailability:add"),
        {
            "adviser": adviser.pk,
            "kind": "speedconsult",
            "duration_minutes": 20,
            "format": "video",
            "location": "",
            "weekday": 2,
            "start_time": "16:00",
            "slot_count": 3,
            "first_day": "2026-01-01",
            "last_day": "",
        },
    )
    assert response.status_code == 302
    assert WeeklyAvailability.objects.count() == 1
    assert Slot.objects.filter(adviser=adviser).count() >= 3 * 7  # bookable at once


def test_a_wrong_length_is_refused_in_dutch(client, region_manager, adviser):
    client.force_login(region_manager)
    response = client.post(
        reverse("wagtailsnippets_intake_slot:add"),
        {
            "adviser": adviser.pk,
            "kind": "speedconsult",
            "duration_minutes": 45,
            "format": "video",
            "location": "",
            "starts_at": "2030-03-04 10:00",
        },
    )
    assert response.status_code == 200
    assert "Een speedconsult duurt 15 tot 20 minuten." in response.content.decode()
    assert not Slot.objects.exists()


def test_only_the_own_region_is_listed_and_editable(client, region_manager, other_region, adviser):
    theirs = Adviser.objects.create(site=other_region, name="Henk Jansen")
    client.force_login(region_manager)
    listing = client.get(reverse("wagtailsnippets_intake_adviser:list")).content.decode()
    assert "Gerard Willemsen" in listing and "Henk Jansen" not in listing
    edit = client.get(reverse("wagtailsnippets_intake_adviser:edit", args=[theirs.pk]))
    assert edit.status_code in (302, 403)
    posted = client.post(
        reverse("wagtailsnippets_intake_adviser:edit", args=[theirs.pk]),
        {"name": "Overgenomen", "role": "loket", "site": other_region.pk},
    )
    assert posted.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.name == "Henk Jansen"


def test_the_community_manager_records_the_booking_as_held(
    client, region_manager, booked, django_capture_on_commit_callbacks
):
    client.force_login(region_manager)
    listing = client.get(reverse("wagtailsnippets_intake_booking:list"))
    assert "Joost Bakker" in listing.content.decode()
    url = reverse("wagtailsnippets_intake_booking:outcome", args=[booked.pk])
    assert "Gesprek gehouden" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "held"})
    assert response.status_code == 302
    booked.intake.refresh_from_db()
    assert booked.intake.status == Status.HELD
    assert booked.intake.handled_by == region_manager
    again = client.post(url, {"action": "no_show"})
    assert again.status_code == 409


def test_a_no_show_is_recorded(client, region_manager, booked):
    client.force_login(region_manager)
    url = reverse("wagtailsnippets_intake_booking:outcome", args=[booked.pk])
    assert client.post(url, {"action": "no_show"}).status_code == 302
    booked.intake.refresh_from_db()
    assert booked.intake.status == Status.NO_SHOW
    assert client.post(url, {"action": "iets"}).status_code == 400


def test_another_regions_manager_cannot_record_the_outcome(client, other_region, booked):
    user = MemberFactory(first_name="Daan", email="cm.gelderland@ondernemersloket.nl")
    from loket.accounts.services.roles import sync_region_roles

    sync_region_roles(other_region)
    user.groups.add(region_groups(other_region)["communitymanager"])
    client.force_login(user)
    url = reverse("wagtailsnippets_intake_booking:outcome", args=[booked.pk])
    assert client.post(url, {"action": "held"}).status_code in (302, 403)  # to the dashboard
    assert (
        "Joost Bakker"
        not in client.get(reverse("wagtailsnippets_intake_booking:list")).content.decode()
    )
    assert Booking.objects.get().intake.status == Status.PLANNED


def test_a_booked_slot_or_its_adviser_is_not_deleted(client, region_manager, booked):
    client.force_login(region_manager)
    slot = booked.slot
    response = client.post(reverse("wagtailsnippets_intake_slot:delete", args=[slot.pk]))
    assert response.status_code == 409
    assert "Trek het moment in" in response.content.decode()
    response = client.post(reverse("wagtailsnippets_intake_adviser:delete", args=[slot.adviser_id]))
    assert response.status_code == 409
    response = client.delete(
        reverse("wagtailsnippets_intake_adviser:delete", args=[slot.adviser_id])
    )
    assert response.status_code == 409
    assert Slot.objects.filter(pk=slot.pk).exists()
    free = Slot.objects.create(
        adviser=slot.adviser,
        kind="intake",
        duration_minutes=45,
        starts_at=slot.starts_at + timedelta(days=1),
    )
    assert (
        client.post(reverse("wagtailsnippets_intake_slot:delete", args=[free.pk])).status_code
        == 302
    )
    assert not Slot.objects.filter(pk=free.pk).exists()
