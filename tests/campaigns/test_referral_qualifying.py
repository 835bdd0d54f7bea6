"""Qualifying on first attendance: credits for both sides, once, pending for review."""

from datetime import timedelta

import pytest

from django.utils import timezone

from campaigns import services
from campaigns.models import Referral, ReferralCode, ReferralProgramme
from events.models import EventType
from events.signals import attendance_recorded
from loket.accounts import privacy
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(referrer):
    user = MemberFactory(email="joost@bakkerij.nl", first_name="Joost", last_name="Bakker")
    services.attribute(user, code=services.code_for(referrer))
    return user


def test_first_attendance_qualifies_and_credits_both_sides_pending(
    referrer, newcomer, attend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attend(newcomer)
    referral = Referral.objects.get(referred=newcomer)
    assert referral.status == Referral.Status.QUALIFIED and referral.qualified_at
    assert credits.balance(referrer) == credits.Balance(available=0, pending=10)
    assert credits.balance(newcomer) == credits.Balance(available=0, pending=5)
    later = timezone.now() + timedelta(days=15)
    assert credits.balance(referrer, now=later).available == 10


def test_the_same_signal_twice_awards_once(
    referrer, newcomer, attend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = attend(newcomer)
    for _ in range(2):
        attendance_recorded.send(
            sender=type(registration), registration=registration, event=registration.event
        )
    assert CreditTransaction.objects.filter(member=referrer, kind=Kind.AWARD).count() == 1
    assert CreditTransaction.objects.filter(member=newcomer, kind=Kind.AWARD).count() == 1


def test_only_configured_event_types_qualify(
    referrer, newcomer, attend, django_capture_on_commit_callbacks
):
    ReferralProgramme.objects.update_or_create(
        defaults={"qualifying_event_types": [EventType.SEMINAR]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        attend(newcomer, event_type=EventType.BUSINESS_DRINKS)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.SIGNED_UP
    with django_capture_on_commit_callbacks(execute=True):
        attend(newcomer, event_type=EventType.SEMINAR)
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.QUALIFIED


def test_the_yearly_cap_limits_the_referrers_credits(referrer):
    ReferralProgramme.objects.update_or_create(
        defaults={"yearly_cap": 15, "review_days": 0, "tips_per_day": 50}
    )
    for n in range(3):
        user = MemberFactory(email=f"nieuw{n}@bakkerij.nl", last_name=f"Anders{n}")
        services.attribute(user, code=services.code_for(referrer))
        services.qualify(user, source="attendance", reference=f"test:{n}")
    assert credits.balance(referrer).total == 15


def test_a_risky_referral_waits_for_staff(referrer, staff_user):
    user = UserFactory(email="iemand@mailinator.com", last_name="de Vries")
    referral = services.attribute(user, code=services.code_for(referrer))
    assert referral.risk_score >= 50 and referral.risk_reasons
    services.qualify(user, source="attendance", reference="test:1")
    award = CreditTransaction.objects.get(member=referrer, kind=Kind.AWARD)
    assert award.available_from is None
    far = timezone.now() + timedelta(days=60)
    assert credits.balance(referrer, now=far).available == 0
    credits.approve_award(award, staff=staff_user)
    assert credits.balance(referrer).available == 10


def test_a_rejected_referral_never_qualifies(referrer):
    alias = UserFactory(email="sanne+2@example.nl")
    services.attribute(alias, code=services.code_for(referrer))
    assert services.qualify(alias, source="attendance", reference="x") is None
    assert not CreditTransaction.objects.exists()


def test_sources_staff_switched_off_do_not_qualify(referrer, newcomer):
    ReferralProgramme.objects.update_or_create(defaults={"qualify_on_intake": False})
    assert services.qualify(newcomer, source="intake", reference="intake:1") is None
    assert services.qualify(newcomer, source="intervision", reference="groep:1") is not None


def test_old_tipped_addresses_are_erased_by_an_idempotent_task(referrer, settings):
    referral = services.tip_by_mail(referrer, email="joost@example.com", name="Joost")
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - timedelta(days=settings.REFERRAL_ADDRESS_DAYS + 1)
    )
    from campaigns.tasks import erase_referral_addresses

    assert erase_referral_addresses() == 1
    assert erase_referral_addresses() == 0
    referral.refresh_from_db()
    assert referral.email == "" and referral.name == "" and referral.email_hash
    with pytest.raises(services.TipError):
        services.tip_by_mail(referrer, email="joost@example.com")


def test_the_export_holds_tips_made_and_who_tipped_me(referrer, newcomer):
    services.tip_by_mail(referrer, email="anna@example.com", name="Anna")
    mine = privacy.export(referrer)["tip-een-ander"]
    [anna] = [tip for tip in mine["mijn_tips"] if tip["naam"] == "Anna"]
    assert anna["e_mailadres"] == "anna@example.com" and anna["status"] == "Getipt"
    assert privacy.export(newcomer)["tip-een-ander"]["getipt_door"] == referrer.display_name


def test_deleting_the_referrer_erases_open_addresses(referrer):
    services.tip_by_mail(referrer, email="anna@example.com", name="Anna")
    privacy.erase(referrer, keep_content=False)
    referral = Referral.objects.get()
    assert referral.email == "" and referral.note == ""
    assert not ReferralCode.objects.filter(member=referrer).exists()


@pytest.fixture
def staff_user(db):
    return MemberFactory(email="linda@loket.example.nl", is_staff=True)


def test_joining_an_intervision_group_qualifies(
    referrer, newcomer, django_capture_on_commit_callbacks
):
    from community.intervision.models import IntervisionGroup, IntervisionParticipant
    from community.intervision.signals import participant_added
    from loket.themes.models import Theme

    theme = Theme.objects.first() or Theme.objects.create(name="Financiën", slug="financien")
    group = IntervisionGroup.objects.create(title="Groeien zonder te verdrinken", theme=theme)
    with django_capture_on_commit_callbacks(execute=True):
        participant = IntervisionParticipant.objects.create(group=group, member=newcomer)
        # What confirming a matching round sends after its commit.
        participant_added.send(
            sender=IntervisionParticipant, participant=participant, actor=newcomer
        )
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.QUALIFIED
    assert credits.balance(referrer).pending == 10


def test_a_manager_placing_a_member_by_hand_in_the_admin_qualifies_too(
    client, referrer, newcomer, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from community.intervision.models import IntervisionGroup
    from loket.themes.models import Theme

    manager = MemberFactory(email="linda@loket.example.nl", is_staff=True)
    manager.groups.add(Group.objects.get(name="Communitymanagers"))
    theme = Theme.objects.first() or Theme.objects.create(name="Financiën", slug="financien")
    group = IntervisionGroup.objects.create(title="Groeien zonder te verdrinken", theme=theme)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailsnippets_intervision_intervisionparticipant:add"),
            {
                "group": group.pk,
                "member": newcomer.pk,
                "left_at": "",
                "experience_display": "anoniem",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    assert Referral.objects.get(referred=newcomer).status == Referral.Status.QUALIFIED
