"""Tip een ander: a held intake of a tipped newcomer qualifies the referral, once."""

import pytest

from campaigns import services as referrals
from campaigns.models import Referral, ReferralProgramme
from loket.credits.models import CreditTransaction, Kind
from loket.intake import services
from loket.intake.models import IntakeRequest
from loket.intake.signals import intake_held
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer(db):
    return MemberFactory(email="anouk@example.nl", first_name="Anouk", last_name="Meijer")


@pytest.fixture
def newcomer(referrer):
    user = MemberFactory(email="joost@bakkerijbakker.nl", first_name="Joost", last_name="Bakker")
    referrals.attribute(user, code=referrals.code_for(referrer))
    assert Referral.objects.get(referred=user).status == Referral.Status.SIGNED_UP
    return user


def _awards(member):
    return CreditTransaction.objects.filter(member=member, kind=Kind.AWARD).count()


def test_a_held_intake_qualifies_the_referral(
    referrer, newcomer, make_intake, staff, django_capture_on_commit_callbacks
):
    intake = make_intake(user=newcomer)
    assert intake.user == newcomer
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(intake, by=staff)
    referral = Referral.objects.get(referred=newcomer)
    assert referral.status == Referral.Status.QUALIFIED
    assert referral.qualification == f"intake:{intake.pk}"
    assert _awards(referrer) == 1


def test_the_held_signal_twice_awards_once(
    referrer, newcomer, make_intake, staff, django_capture_on_commit_callbacks
):
    intake = make_intake(user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(intake, by=staff)
    intake = IntakeRequest.objects.get(pk=intake.pk)
    for _ in range(2):
        intake_held.send(sender=IntakeRequest, intake=intake, user=newcomer)
    assert _awards(referrer) == 1
    assert _awards(newcomer) <= 1


def test_nothing_qualifies_when_staff_switched_intakes_off(
    referrer, newcomer, make_intake, staff, django_capture_on_commit_callbacks
):
    ReferralProgramme.objects.update_or_create(defaults={"qualify_on_intake": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(make_intake(user=newcomer), by=staff)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP
    assert _awards(referrer) == 0


def test_planning_alone_qualifies_nothing(referrer, newcomer, make_intake, staff):
    from datetime import timedelta

    from django.utils import timezone

    services.plan(
        make_intake(user=newcomer), planned_at=timezone.now() + timedelta(days=2), by=staff
    )
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP


def test_an_intake_in_a_newcomers_name_by_someone_else_qualifies_nothing(
    referrer, newcomer, make_intake, staff, django_capture_on_commit_callbacks
):
    # An anonymous visitor types the newcomer's address: that proves nothing, so the held
    # intake is not the newcomer's and earns the referrer nothing.
    intake = make_intake(email=newcomer.email)
    assert intake.user is None
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(intake, by=staff)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP
    assert _awards(referrer) == 0


def test_an_intake_of_a_non_member_qualifies_nothing(
    referrer, make_intake, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(make_intake(email="geen-lid@example.nl"), by=staff)
    assert _awards(referrer) == 0


def test_a_held_booking_qualifies_the_referral_as_a_held_intake(
    referrer, newcomer, make_slot, region, staff, django_capture_on_commit_callbacks
):
    from loket.intake.services import booking as bookings

    data = {"name": "Joost Bakker", "email": newcomer.email, "question": "Een vraag " * 3}
    booking = bookings.book_slot(make_slot().pk, data, site=region, user=newcomer)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP
    with django_capture_on_commit_callbacks(execute=True):
        bookings.hold_booking(booking, by=staff)
    referral = Referral.objects.get(referred=newcomer)
    assert referral.status == Referral.Status.QUALIFIED
    assert referral.qualification == f"intake:{booking.intake_id}"
    assert _awards(referrer) == 1


def test_a_no_show_qualifies_nothing(referrer, newcomer, make_slot, region, staff):
    from loket.intake.services import booking as bookings

    data = {"name": "Joost Bakker", "email": newcomer.email, "question": "Een vraag " * 3}
    booking = bookings.book_slot(make_slot().pk, data, site=region, user=newcomer)
    bookings.record_no_show(booking, by=staff)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP
    assert _awards(referrer) == 0
