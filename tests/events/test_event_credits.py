"""Paying for a seat with credits: spent with the registration, refunded on a timely cancel."""

from datetime import timedelta

import pytest

from django.utils import timezone

from events import services
from events.models import Registration
from events.services import RegistrationError
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def seminar(make_event):
    return make_event(title="Seminar Grip op je cijfers", credits_price=10)


def give(member, amount, reference="tip:1"):
    credits.award_credits(member, amount, reason="Tip een ander", reference=reference)


def spends(member):
    return list(CreditTransaction.objects.filter(member=member, kind=Kind.SPEND))


def refunds(member):
    return list(CreditTransaction.objects.filter(member=member, kind=Kind.REFUND))


# Registering --------------------------------------------------------------------------------


def test_paying_with_credits_spends_them_with_the_registration(seminar, member):
    give(member, 25)
    registration = services.register_for_event(seminar, member, pay_with_credits=True)

    assert registration.status == Status.CONFIRMED
    assert registration.paid_credits == 10
    [spend] = spends(member)
    assert spend.amount == -10
    assert spend.reference == f"registratie:{registration.pk}"
    assert spend.reason == "Plek bij Seminar Grip op je cijfers"
    assert credits.balance(member).available == 15
    mail = OutgoingMail.objects.get(idempotency_key=f"events:confirmation:{registration.pk}")
    assert "Plek bij Seminar Grip op je cijfers: 10 credits." in mail.text


def test_too_few_credits_is_refused_and_nothing_is_stored(seminar, member):
    give(member, 9)
    with pytest.raises(RegistrationError) as error:
        services.register_for_event(seminar, member, pay_with_credits=True)

    assert error.value.code == "insufficient_credits"
    assert "Je hebt 9 credits; hiervoor heb je er 10 nodig." in error.value.message
    assert not Registration.objects.filter(event=seminar).exists()
    assert spends(member) == []
    assert not OutgoingMail.objects.filter(to=member.email).exists()
    assert credits.balance(member).available == 9


def test_an_event_without_a_credits_price_cannot_be_paid_with_credits(make_event, member):
    event = make_event()
    give(member, 50)
    with pytest.raises(RegistrationError, match="niet met credits betalen"):
        services.register_for_event(event, member, pay_with_credits=True)
    assert not Registration.objects.filter(event=event).exists()
    assert credits.balance(member).available == 50


def test_a_waiting_list_place_is_not_paid_with_credits(make_event, member, make_member):
    """Decision: credits buy a free seat only; nobody's credits are held while they wait."""
    event = make_event(credits_price=10, capacity=1)
    services.register_for_event(event, make_member())
    give(member, 20)

    with pytest.raises(RegistrationError) as error:
        services.register_for_event(event, member, pay_with_credits=True)
    assert error.value.code == "full"
    assert "meld je zonder credits aan voor de wachtlijst" in error.value.message
    assert not Registration.objects.filter(event=event, user=member).exists()
    assert credits.balance(member).available == 20

    waiting = services.register_for_event(event, member)
    assert waiting.status == Status.WAITING and waiting.paid_credits == 0


def test_a_double_submit_spends_once(seminar, member):
    give(member, 30)
    services.register_for_event(seminar, member, pay_with_credits=True)
    with pytest.raises(RegistrationError) as error:
        services.register_for_event(seminar, member, pay_with_credits=True)
    assert error.value.code == "duplicate"
    assert len(spends(member)) == 1
    assert credits.balance(member).available == 20


def test_colleagues_are_paid_per_seat(seminar, member):
    give(member, 30)
    registration = services.register_for_event(
        seminar, member, colleagues=[{"name": "Joost Bakker"}], pay_with_credits=True
    )
    assert registration.seats == 2 and registration.paid_credits == 20
    assert credits.balance(member).available == 10


def test_pending_credits_do_not_pay_for_a_seat(seminar, member):
    credits.award_credits(member, 50, reason="Tip", reference="tip:1", review_days=14)
    with pytest.raises(RegistrationError) as error:
        services.register_for_event(seminar, member, pay_with_credits=True)
    assert error.value.code == "insufficient_credits"


# Cancelling ---------------------------------------------------------------------------------


def test_cancelling_in_time_refunds_exactly_once(seminar, member):
    give(member, 10)
    registration = services.register_for_event(seminar, member, pay_with_credits=True)
    assert credits.balance(member).available == 0

    services.cancel_registration(registration.token, event=seminar)
    services.cancel_registration(registration.token, event=seminar)

    [refund] = refunds(member)
    assert refund.amount == 10
    assert refund.reason == "Credits terug: Plek bij Seminar Grip op je cijfers (op tijd afgemeld)"
    assert credits.balance(member).available == 10
    mail = OutgoingMail.objects.get(idempotency_key=f"events:cancelled:{registration.pk}")
    assert "Je 10 credits voor deze plek staan weer op je account." in mail.text


def test_cancelling_after_the_deadline_keeps_the_credits_spent(make_event, member):
    event = make_event(
        credits_price=10, credits_refund_hours=48, start=timezone.now() + timedelta(hours=30)
    )
    give(member, 10)
    registration = services.register_for_event(event, member, pay_with_credits=True)

    services.cancel_registration(registration.token, event=event)

    assert refunds(member) == []
    assert credits.balance(member).available == 0
    mail = OutgoingMail.objects.get(idempotency_key=f"events:cancelled:{registration.pk}")
    assert "krijg je daarom niet terug" in mail.text


def test_the_refund_deadline_is_set_per_event(make_event, member):
    event = make_event(
        credits_price=10, credits_refund_hours=24, start=timezone.now() + timedelta(hours=30)
    )
    give(member, 10)
    registration = services.register_for_event(event, member, pay_with_credits=True)
    services.cancel_registration(registration.token, event=event)
    assert credits.balance(member).available == 10


def test_a_cancelled_event_refunds_everybody_who_paid(make_event, member, make_member):
    event = make_event(
        credits_price=10, credits_refund_hours=48, start=timezone.now() + timedelta(hours=30)
    )
    late = make_member()
    unpaid = make_member()
    for person in (member, late):
        give(person, 10)
        services.register_for_event(event, person, pay_with_credits=True)
    services.register_for_event(event, unpaid)
    late_registration = Registration.objects.get(event=event, user=late)
    services.cancel_registration(late_registration.token, event=event)
    assert credits.balance(late).available == 0  # too late to get them back by cancelling

    services.cancel_event(event, "De spreker is ziek.")
    services.notify_event_cancelled(event)  # the publish signal calls it again

    assert credits.balance(member).available == 10
    assert credits.balance(late).available == 10
    assert len(refunds(member)) == 1 and len(refunds(late)) == 1
    assert refunds(unpaid) == []
    registration = Registration.objects.get(event=event, user=member)
    mail = OutgoingMail.objects.get(idempotency_key=f"events:event-cancelled:{registration.pk}")
    assert "Je betaalde met 10 credits; die staan weer op je account." in mail.text


def test_removal_by_the_organiser_refunds(seminar, member):
    give(member, 10)
    registration = services.register_for_event(seminar, member, pay_with_credits=True)
    services.remove_by_staff(registration)
    services.remove_by_staff(registration)
    assert credits.balance(member).available == 10
    assert len(refunds(member)) == 1


def test_the_ledger_adds_up_after_paying_and_refunding(seminar, member, make_event):
    give(member, 30)
    other = make_event(credits_price=5)
    first = services.register_for_event(seminar, member, pay_with_credits=True)
    services.register_for_event(other, member, pay_with_credits=True)
    services.cancel_registration(first.token, event=seminar)
    total = sum(CreditTransaction.objects.filter(member=member).values_list("amount", flat=True))
    assert total == credits.balance(member).available == 25
