"""Booking a conversation at /gesprek-aanvragen/: the slots by theme, booking in three steps,
the mail with its .ics, moving and cancelling by the signed link, the reminder, and what a bad
input gets (a Dutch 4xx, nothing stored)."""

import base64
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from loket.intake.models import Booking, IntakeRequest, Kind, Slot, Status, WeeklyAvailability
from loket.intake.services import IntakeError
from loket.intake.services import booking as bookings
from loket.intake.signals import conversation_held, intake_held
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def _book(client, slot, booking_data, **changes):
    return client.post(reverse("intake:book", args=[slot.pk]), {**booking_data, **changes})


def test_the_page_lists_free_slots_by_theme_and_kind(client, make_slot, theme):
    speed = make_slot(days=2)
    intake = make_slot(days=4, kind=Kind.INTAKE)
    page = client.get(reverse("intake:request"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Plan direct een moment" in html
    assert f'data-slot="{speed.pk}"' in html and f'data-slot="{intake.pk}"' in html
    assert "Geen passend moment? Vraag je gesprek aan" in html  # the request form stays
    only_speed = client.get(reverse("intake:request"), {"soort": "speedconsult"}).content.decode()
    assert f'data-slot="{speed.pk}"' in only_speed and f'data-slot="{intake.pk}"' not in only_speed
    other = client.get(reverse("intake:request"), {"thema": "marketing"}).content.decode()
    assert f'data-slot="{speed.pk}"' not in other


def test_without_slots_the_page_is_the_request_form(client):
    html = client.get(reverse("intake:request")).content.decode()
    assert "Plan direct een moment" not in html
    assert "Vraag je gesprek aan" in html


def test_a_visitor_books_a_speedconsult_and_gets_the_mail_with_an_ics(
    client, make_slot, booking_data
):
    slot = make_slot(days=2)
    response = _book(client, slot, booking_data)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intake:booking", args=[booking.token]))
    intake = booking.intake
    assert (intake.status, intake.kind, intake.planned_at) == (
        Status.PLANNED,
        Kind.SPEEDCONSULT,
        slot.starts_at,
    )
    assert intake.site_id == slot.site_id and intake.user is None
    mail = OutgoingMail.objects.get(template="intake_booked")
    assert mail.to == booking_data["email"]
    assert "Hoi Joost" in mail.text and booking.token in mail.text
    ics = base64.b64decode(mail.attachments[0]["content"]).decode()
    assert mail.attachments[0]["filename"] == "afspraak.ics"
    assert "BEGIN:VEVENT" in ics and "Speedconsult met Gerard Willemsen" in ics
    # The slot is gone for everybody else at once.
    assert f'data-slot="{slot.pk}"' not in client.get(reverse("intake:request")).content.decode()
    assert client.get(reverse("intake:book", args=[slot.pk])).status_code == 409


def test_a_bot_filling_the_honeypot_books_nothing(client, make_slot, booking_data):
    slot = make_slot()
    response = _book(client, slot, booking_data, website="http://spam.example")
    assert response.status_code == 302
    assert not Booking.objects.exists()
    assert slot in Slot.objects.free()


def test_a_withdrawn_slot_cannot_be_booked(client, make_slot, booking_data):
    slot = make_slot(withdrawn=True)
    assert _book(client, slot, booking_data).status_code == 404
    assert not Booking.objects.exists()


def test_a_phone_slot_needs_a_number(client, make_slot, booking_data):
    slot = make_slot(format="telefoon")
    response = _book(client, slot, booking_data, phone="")
    assert response.status_code == 400
    assert "Op welk nummer kan de adviseur je bellen?" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("slot_id", "status", "text"),
    [(999999, 404, "Dit moment bestaat niet"), (2**63, 404, "Dit moment bestaat niet")],
)
def test_a_forged_slot_id_is_a_dutch_404_and_stores_nothing(
    client, booking_data, slot_id, status, text
):
    response = client.post(reverse("intake:book", args=[slot_id]), booking_data)
    assert response.status_code == status
    assert text in response.content.decode()
    assert not IntakeRequest.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_a_slot_of_another_region_cannot_be_booked_here(client, make_slot, booking_data):
    from loket.core.regions import build_region
    from loket.intake.models import Adviser

    other = build_region("Regio Gelderland", "gelderland.localhost").site
    elsewhere = make_slot(who=Adviser.objects.create(site=other, name="Henk Jansen"))
    assert _book(client, elsewhere, booking_data).status_code == 404
    assert not Booking.objects.exists()


def test_a_slot_in_the_past_is_refused(client, make_slot, booking_data):
    slot = make_slot(days=-1)
    response = _book(client, slot, booking_data)
    assert response.status_code == 410
    assert "al voorbij" in response.content.decode()
    assert not IntakeRequest.objects.exists()


def test_a_taken_slot_is_refused_with_409(client, make_slot, booking_data):
    slot = make_slot()
    assert _book(client, slot, booking_data).status_code == 302
    second = _book(client, slot, booking_data, email="anna@kapsalonanna.nl", name="Anna Smit")
    assert second.status_code == 409
    assert "al geboekt" in second.content.decode()
    assert IntakeRequest.objects.count() == 1


def test_the_service_refuses_a_taken_slot_even_when_the_page_was_stale(make_slot, region):
    slot = make_slot()
    data = {"name": "Joost Bakker", "email": "joost@bakker.nl", "question": "Een vraag " * 3}
    bookings.book_slot(slot.pk, data, site=region)
    with pytest.raises(bookings.BookingError) as error:
        bookings.book_slot(slot.pk, {**data, "email": "anna@smit.nl"}, site=region)
    assert error.value.code == "taken"
    assert Booking.objects.count() == 1


def test_a_tampered_link_is_a_dutch_404(client, make_slot, booking_data):
    _book(client, make_slot(), booking_data)
    token = Booking.objects.get().token
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1-abc", "onzin"):
        response = client.post(reverse("intake:booking", args=[bad]), {"action": "cancel"})
        assert response.status_code == 404
        assert "Deze link klopt niet" in response.content.decode()
    assert Booking.objects.get().released_at is None


def test_cancelling_by_the_link_frees_the_slot(client, make_slot, booking_data):
    slot = make_slot()
    _book(client, slot, booking_data)
    booking = Booking.objects.get()
    response = client.post(reverse("intake:booking", args=[booking.token]), {"action": "cancel"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.released_at is not None
    assert booking.intake.status == Status.CANCELLED
    assert OutgoingMail.objects.filter(template="intake_booking_cancelled").count() == 1
    assert slot in Slot.objects.free()
    again = client.post(reverse("intake:booking", args=[booking.token]), {"action": "cancel"})
    assert again.status_code == 409
    assert OutgoingMail.objects.filter(template="intake_booking_cancelled").count() == 1


def test_moving_by_the_link_takes_the_new_slot_and_frees_the_old(client, make_slot, booking_data):
    old, new = make_slot(days=2), make_slot(days=5)
    _book(client, old, booking_data)
    booking = Booking.objects.get()
    page = client.get(reverse("intake:booking_move", args=[booking.token])).content.decode()
    assert f'data-slot="{new.pk}"' in page
    response = client.post(reverse("intake:booking_move", args=[booking.token]), {"slot": new.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot == new and booking.intake.planned_at == new.starts_at
    assert old in Slot.objects.free() and new not in Slot.objects.free()
    assert OutgoingMail.objects.filter(template="intake_booked").count() == 2


def test_moving_to_a_forged_or_taken_slot_changes_nothing(client, make_slot, booking_data):
    mine, theirs = make_slot(days=2), make_slot(days=3)
    _book(client, mine, booking_data)
    _book(client, theirs, booking_data, email="anna@kapsalonanna.nl", name="Anna Smit")
    booking = Booking.objects.get(slot=mine)
    url = reverse("intake:booking_move", args=[booking.token])
    assert client.post(url, {"slot": theirs.pk}).status_code == 409
    assert client.post(url, {"slot": "12abc"}).status_code == 404
    assert client.post(url, {"slot": str(2**64)}).status_code == 404
    assert client.post(url, {"slot": "١٢"}).status_code == 404  # Arabic-Indic digits
    assert client.post(url, {"slot": make_slot(days=-2).pk}).status_code == 410
    booking.refresh_from_db()
    assert booking.slot == mine


def test_the_reminder_goes_out_once_the_day_before(make_slot, region):
    tomorrow, later = make_slot(days=1), make_slot(days=4)
    data = {"name": "Joost Bakker", "email": "joost@bakker.nl", "question": "Een vraag " * 3}
    bookings.book_slot(tomorrow.pk, data, site=region)
    bookings.book_slot(later.pk, {**data, "email": "anna@smit.nl"}, site=region)
    assert bookings.send_reminders() == 1
    bookings.send_reminders()  # the beat task runs twice
    reminders = OutgoingMail.objects.filter(template="intake_booking_reminder")
    assert [mail.to for mail in reminders] == ["joost@bakker.nl"]
    assert "morgen" in reminders[0].text.lower()


def test_holding_a_booking_is_a_held_intake_and_says_so_once(
    make_slot, region, manager, django_capture_on_commit_callbacks
):
    slot = make_slot()
    data = {"name": "Joost Bakker", "email": "joost@bakker.nl", "question": "Een vraag " * 3}
    booking = bookings.book_slot(slot.pk, data, site=region)
    held, conversations = [], []

    def on_held(sender, intake, user, **kwargs):
        held.append(intake.pk)

    def on_conversation(sender, intake, booking, kind, **kwargs):
        conversations.append((intake.pk, booking.pk, kind))

    intake_held.connect(on_held, weak=False, dispatch_uid="t-held")
    conversation_held.connect(on_conversation, weak=False, dispatch_uid="t-conv")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bookings.hold_booking(booking, by=manager)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(IntakeError):
            bookings.hold_booking(booking, by=manager)
    finally:
        intake_held.disconnect(dispatch_uid="t-held")
        conversation_held.disconnect(dispatch_uid="t-conv")
    booking.intake.refresh_from_db()
    assert booking.intake.status == Status.HELD
    assert held == [booking.intake.pk]
    assert conversations == [(booking.intake.pk, booking.pk, Kind.SPEEDCONSULT)]


def test_weekly_availability_becomes_slots_once(adviser):
    rule = WeeklyAvailability.objects.create(
        adviser=adviser,
        weekday=timezone.localdate().weekday(),
        start_time=timezone.datetime(2026, 1, 1, 16, 0).time(),
        kind=Kind.SPEEDCONSULT,
        duration_minutes=20,
        slot_count=3,
        first_day=timezone.localdate() + timedelta(days=1),
    )
    made = bookings.materialise_slots(weeks=4)
    assert made == 4 * 3
    assert bookings.materialise_slots(weeks=4) == 0
    starts = sorted(timezone.localtime(s.starts_at) for s in rule.slots.all())
    assert [s.strftime("%H:%M") for s in starts[:3]] == ["16:00", "16:20", "16:40"]


def test_the_slots_page_keeps_its_queries_constant(
    client, make_slot, django_assert_max_num_queries
):
    from loket.intake.models import Adviser

    for day in range(1, 4):
        make_slot(days=day)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("intake:request"))
    site = Slot.objects.first().site
    for i in range(12):
        other = Adviser.objects.create(site=site, name=f"Adviseur {i}")
        other.themes.set(Slot.objects.first().adviser.themes.all())
        for day in range(1, 4):
            make_slot(days=day, hour=9 + i % 8, minute=(i * 5) % 60, who=other)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(reverse("intake:request"))
    assert response.content.decode().count("data-slot=") == 39
    print(
        f"slots page: {len(few.captured_queries)} queries for 3 slots, "
        f"{len(many.captured_queries)} for 39"
    )
