"""AVG for bookings: in the member's export, freed and erased with the account, and a
non-member's booking erased after INTAKE_RETENTION_DAYS like any request."""

from datetime import timedelta

import pytest

from django.utils import timezone

from loket.intake import privacy, services
from loket.intake.models import Booking, IntakeRequest, Slot
from loket.intake.services import booking as bookings

pytestmark = pytest.mark.django_db

DATA = {"name": "Sanne de Vries", "email": "sanne@example.nl", "question": "Een vraag " * 3}


def test_a_members_booking_is_in_the_export(make_slot, region, member):
    slot = make_slot(days=2)
    bookings.book_slot(slot.pk, DATA, site=region, user=member)
    [row] = privacy.export_intake_requests(member)
    assert row["soort_gesprek"] == "Speedconsult"
    assert row["geboekt_moment"]["adviseur"] == "Gerard Willemsen"
    assert row["geboekt_moment"]["duur_minuten"] == 20


def test_deleting_the_account_erases_the_booking_and_frees_the_slot(make_slot, region, member):
    slot = make_slot(days=2)
    bookings.book_slot(slot.pk, DATA, site=region, user=member)
    privacy.erase_intake_requests(member, keep_content=False)
    intake = IntakeRequest.objects.get()
    assert (intake.name, intake.email, intake.erased_at is not None) == ("", "", True)
    assert slot in Slot.objects.free()
    assert bookings.booking_for_token(Booking.objects.get().token) is None


def test_a_non_members_booking_goes_after_retention_once_it_took_place(make_slot, region, settings):
    settings.INTAKE_RETENTION_DAYS = 30
    slot = make_slot(days=2)
    booking = bookings.book_slot(slot.pk, DATA, site=region)
    IntakeRequest.objects.filter(pk=booking.intake_id).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    assert services.erase_expired() == 0  # past retention, but the conversation is ahead
    assert services.erase_expired(now=timezone.now() + timedelta(days=3)) == 1
    intake = IntakeRequest.objects.get()
    assert intake.email == "" and intake.question == "" and intake.erased_at is not None


def test_the_demo_has_advisers_slots_and_a_booked_intake_and_runs_twice(region, theme):
    from loket.core.seeding import SeedContext
    from loket.intake.demo import seed_booking
    from loket.intake.models import Adviser

    seed_booking(SeedContext(options={}))
    advisers, slots = Adviser.objects.count(), Slot.objects.count()
    assert advisers >= 3 and slots > 20
    assert Slot.objects.free().filter(kind="speedconsult").exists()
    assert Booking.objects.filter(released_at__isnull=True).count() == 1
    seed_booking(SeedContext(options={}))
    assert (Adviser.objects.count(), Slot.objects.count()) == (advisers, slots)
    assert Booking.objects.count() == 1
