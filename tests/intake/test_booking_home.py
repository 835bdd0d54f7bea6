"""The member's home (``/account/``) shows the conversations they booked under "Wat komt eraan":
time, format, adviser and the signed links to move or cancel; a cancelled or past one is gone;
the panel costs the same queries for one booking as for many."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loket.intake.member_home import open_conversations
from loket.intake.models import Adviser, Booking
from loket.intake.services import booking as bookings
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def details(booking_data):
    """The booking form's cleaned data (the theme follows from the adviser)."""
    return {key: value for key, value in booking_data.items() if key != "theme"}


@pytest.fixture
def book(region, member, details):
    def make(slot):
        return bookings.book_slot(
            slot.pk, {**details, "email": member.email}, site=region, user=member
        )

    return make


def _home(client, member):
    client.login(email=member.email, password=PASSWORD)
    response = client.get("/account/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_booked_conversation_shows_time_format_adviser_and_its_links(
    client, member, make_slot, book
):
    booking = book(make_slot(days=3, hour=14, minute=20))
    page = _home(client, member)
    panel = page.split('id="thuis-gesprekken"')[1].split("</div>")[0]
    local = timezone.localtime(booking.slot.starts_at)
    assert local.strftime("14:20") in panel
    assert "Video" in panel
    assert "Speedconsult met Gerard Willemsen (20 minuten)" in panel
    assert reverse("intake:booking_move", args=[booking.token]) in panel
    assert reverse("intake:booking", args=[booking.token]) in panel


def test_a_cancelled_or_past_booking_is_not_on_the_home(client, member, make_slot, book):
    cancelled = book(make_slot(days=3))
    bookings.cancel_booking(cancelled)
    past = book(make_slot(days=4))
    past.intake.__class__.objects.filter(pk=past.intake_id).update(
        planned_at=timezone.now() - timedelta(hours=1)
    )
    assert open_conversations(user=member) is None
    assert "thuis-gesprekken" not in _home(client, member)


def test_another_members_booking_is_not_shown(member, make_slot, details, region):
    bookings.book_slot(make_slot().pk, details, site=region)
    assert open_conversations(user=member) is None


def _queries(member):
    with CaptureQueriesContext(connection) as ctx:
        panel = open_conversations(user=member)
        html = [item["booked"]["manage_url"] for item in panel.context["items"]]
    return len(ctx.captured_queries), len(html)


def test_the_panel_keeps_its_queries_for_one_and_many_bookings(
    member, make_slot, book, region, monkeypatch
):
    # One member booking seven times in a row would meet the per-address limit of bookings.
    monkeypatch.setattr(bookings, "_check_limits", lambda email, request: None)
    book(make_slot(days=2))
    one, shown = _queries(member)
    assert shown == 1
    for i in range(6):
        other = Adviser.objects.create(site=region, name=f"Adviseur {i}")
        book(make_slot(days=3 + i, who=other))
    many, shown = _queries(member)
    assert shown == 5  # the home shows the first five; the rest are a link away in the mail
    assert many == one == 1
    assert Booking.objects.filter(intake__user=member).count() == 7
