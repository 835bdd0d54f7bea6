"""Booking a slot as a member offers "the adviser may see my fitheidscan", stored with its text
and time only when ticked; a visitor is not offered it (and a forged field stores nothing)."""

import pytest

from django.urls import reverse

from loket.intake.forms import SCAN_SHARE_TEXT
from loket.intake.models import IntakeRequest

pytestmark = pytest.mark.django_db


def test_a_member_who_ticks_it_shares_the_scan_with_the_consent_text(
    client, member, make_slot, booking_data
):
    slot = make_slot()
    client.force_login(member)
    url = reverse("intake:book", args=[slot.pk])
    assert str(SCAN_SHARE_TEXT) in client.get(url).content.decode()
    response = client.post(url, {**booking_data, "email": member.email, "share_scan": "on"})
    assert response.status_code == 302
    intake = IntakeRequest.objects.get()
    assert intake.scan_share_text == str(SCAN_SHARE_TEXT)
    assert intake.scan_shared_at is not None


def test_without_the_tick_nothing_is_shared(client, member, make_slot, booking_data):
    client.force_login(member)
    client.post(reverse("intake:book", args=[make_slot().pk]), {**booking_data})
    intake = IntakeRequest.objects.get()
    assert (intake.scan_share_text, intake.scan_shared_at) == ("", None)


def test_a_visitor_is_not_offered_it_and_cannot_post_it(client, make_slot, booking_data):
    slot = make_slot()
    url = reverse("intake:book", args=[slot.pk])
    assert str(SCAN_SHARE_TEXT) not in client.get(url).content.decode()
    assert client.post(url, {**booking_data, "share_scan": "on"}).status_code == 302
    assert IntakeRequest.objects.get().scan_shared_at is None
