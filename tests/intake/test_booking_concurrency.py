"""Fifty people booking the same slot at the same moment: exactly one booking, one mail."""

import pytest

from loket.intake.models import Booking, IntakeRequest
from loket.intake.services import booking as bookings
from loket.mail.models import OutgoingMail
from tests.concurrency import run_concurrently, split_outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_bookings_of_one_slot_give_exactly_one(make_slot, region):
    slot = make_slot(days=2)

    def book(i):
        data = {
            "name": f"Ondernemer {i}",
            "email": f"ondernemer{i}@voorbeeld.nl",
            "company_size": "5-9",
            "question": "Hoe houd ik mijn cashflow beter in de hand deze winter?",
        }
        return bookings.book_slot(slot.pk, data, site=region).pk

    booked, refused = split_outcomes(run_concurrently(book, 50), bookings.BookingError)
    assert len(booked) == 1
    assert len(refused) == 49
    assert {error.code for error in refused} == {"taken"}
    assert Booking.objects.filter(slot=slot, released_at__isnull=True).count() == 1
    assert IntakeRequest.objects.count() == 1  # the refused stored nothing
    assert OutgoingMail.objects.filter(template="intake_booked").count() == 1
