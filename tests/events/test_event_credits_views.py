"""Paying with credits on the event page, the cancel page's warning and the credits history."""

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind

pytestmark = pytest.mark.django_db

Status = Registration.Status


def register_url(event):
    return event.url + "aanmelden/"


def give(member, amount):
    credits.award_credits(member, amount, reason="Tip een ander", reference="tip:1")


def test_the_page_offers_paying_with_credits_to_a_member_who_has_enough(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 12)
    client.force_login(member)

    html = client.get(event.url).content.decode()

    assert "of 10 credits per plek" in html
    assert "Betaal met 10 credits" in html
    assert "Je hebt 12 credits." in html


def test_a_member_with_too_few_credits_sees_how_many_are_needed(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 4)
    client.force_login(member)

    html = client.get(event.url).content.decode()

    assert 'name="pay_with_credits"' not in html
    assert "Deze bijeenkomst kun je ook met 10 credits betalen; je hebt er nu 4." in html


def test_visitors_and_events_without_a_credits_price_get_no_choice(client, make_event, member):
    paid = make_event(credits_price=10)
    assert 'name="pay_with_credits"' not in client.get(paid.url).content.decode()
    give(member, 50)
    client.force_login(member)
    free = make_event()
    assert 'name="pay_with_credits"' not in client.get(free.url).content.decode()


def test_registering_with_credits_from_the_page(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 12)
    client.force_login(member)

    response = client.post(register_url(event), {"pay_with_credits": "on"}, follow=True)

    html = response.content.decode()
    assert "Je bent aangemeld en betaalde met 10 credits." in html
    assert "Je betaalde met 10 credits." in html
    assert credits.balance(member).available == 2


def test_too_few_credits_from_the_page_is_a_clear_refusal(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 12)
    client.force_login(member)
    page = client.get(event.url)  # the choice was offered with 12 credits …
    assert "Betaal met 10 credits" in page.content.decode()
    credits.spend_credits(member, 5, reason="Boek")  # … and spent elsewhere meanwhile

    response = client.post(register_url(event), {"pay_with_credits": "on"})

    assert response.status_code == 409
    assert "Je hebt niet genoeg credits voor deze plek." in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()
    assert credits.balance(member).available == 7


def test_not_ticking_the_box_registers_without_spending(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 12)
    client.force_login(member)
    client.post(register_url(event), {})
    registration = Registration.objects.get(event=event, user=member)
    assert registration.paid_credits == 0
    assert credits.balance(member).available == 12


def test_the_cancel_page_says_the_credits_come_back_before_confirming(client, make_event, member):
    event = make_event(credits_price=10)
    give(member, 10)
    registration = services.register_for_event(event, member, pay_with_credits=True)

    page = client.get(registration.cancel_url()).content.decode()
    assert "Je betaalde deze plek met 10 credits. Meld je je nu af, dan krijg je ze terug" in page

    done = client.post(registration.cancel_url()).content.decode()
    assert "Je 10 credits staan weer op je account." in done
    assert credits.balance(member).available == 10


def test_the_cancel_page_warns_when_it_is_too_late_for_a_refund(client, make_event, member):
    event = make_event(credits_price=10, start=timezone.now() + timedelta(hours=20))
    give(member, 10)
    registration = services.register_for_event(event, member, pay_with_credits=True)

    page = client.get(registration.cancel_url()).content.decode()
    assert "meld je je nu af, dan krijg je ze niet terug" in page

    done = client.post(registration.cancel_url()).content.decode()
    assert "krijg je niet terug" in done
    assert credits.balance(member).available == 0


def test_the_event_page_sends_a_paid_registration_to_the_cancel_page_first(
    client, make_event, member
):
    event = make_event(credits_price=10)
    give(member, 10)
    services.register_for_event(event, member, pay_with_credits=True)
    client.force_login(member)
    html = client.get(event.url).content.decode()
    assert re.search(r'<form method="post" action="[^"]+/afmelden/', html) is None
    assert re.search(r'<a class="button button--secondary" href="[^"]+/afmelden/[^"]+"', html)


def test_the_credits_history_shows_the_seat(client, make_event, member):
    event = make_event(title="Seminar Grip op je cijfers", credits_price=10)
    give(member, 10)
    registration = services.register_for_event(event, member, pay_with_credits=True)
    services.cancel_registration(registration.token, event=event)
    client.force_login(member)

    html = client.get(reverse("credits:overview")).content.decode()

    assert "Plek bij Seminar Grip op je cijfers" in html
    assert "Credits terug: Plek bij Seminar Grip op je cijfers (op tijd afgemeld)" in html
    assert CreditTransaction.objects.filter(member=member, kind=Kind.SPEND).count() == 1


def test_the_catalogue_seat_leads_to_the_agenda_not_to_a_request(client, agenda, member):
    from loket.credits.models import Redemption, Reward

    seat = Reward.objects.create(
        title="Gratis plek bij een seminar", type=Reward.Type.SEAT, price=10, stock=5
    )
    give(member, 20)
    client.force_login(member)

    html = client.get(reverse("credits:overview")).content.decode()
    assert "vink bij het aanmelden ‘Betaal met credits’ aan" in html
    assert f'href="{agenda.url}"' in html

    response = client.post(reverse("credits:redeem", args=[seat.pk]))
    assert response.status_code == 400
    assert "Een plek bij een bijeenkomst betaal je bij het aanmelden" in response.content.decode()
    assert not Redemption.objects.exists()
    assert credits.balance(member).available == 20
