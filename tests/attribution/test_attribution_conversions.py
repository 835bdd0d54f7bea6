"""Conversions: touches carried through sign-up and log-in, and each kind counted once, for the
campaign and channel that led to it."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns import services as referrals
from campaigns.attribution import services
from campaigns.attribution.models import Conversion, Touch
from campaigns.dispatch import tip_sent
from campaigns.landing import offer_claimed
from campaigns.models import Referral
from community.dispatch import membership_started
from community.services import membership as memberships
from events import services as events
from events.dispatch import registration_made
from events.models import Registration
from loket.accounts.signals import member_signed_up
from loket.intake.signals import intake_held, intake_requested
from testimonials import services as testimonials
from testimonials.dispatch import experience_submitted
from testimonials.models import Experience
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

MAILING = (
    "?utm_source=mailing&utm_medium=email&utm_campaign=een-kritische-blik&utm_content=mailing-7"
)
SIGNUP = {
    "first_name": "Anouk",
    "last_name": "de Vries",
    "email": "anouk@example.nl",
    "password": "Tulpenveld-in-april",
    "privacy_consent": "on",
}


def _only(kind):
    rows = list(Conversion.objects.filter(kind=kind))
    assert len(rows) == 1, rows
    return rows[0]


def test_sign_up_carries_the_touches_and_counts_for_the_campaign(
    client, launch, word_of_mouth, beacon, django_capture_on_commit_callbacks
):
    beacon(client, "?utm_source=linkedin&utm_medium=social", code=launch.code)
    beacon(
        client, MAILING.replace("een-kritische-blik", word_of_mouth.code), code=word_of_mouth.code
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/aanmelden/", SIGNUP)
    assert response.status_code == 302
    touches = {t.position: t for t in Touch.objects.filter(user__email="anouk@example.nl")}
    assert (touches["eerste"].campaign_code, touches["eerste"].channel) == (
        launch.code,
        "linkedin/social",
    )
    last = touches["laatste"]
    assert (last.campaign_code, last.channel, last.content) == (
        word_of_mouth.code,
        "mailing/email",
        "mailing-7",
    )
    signup = _only("aanmelding")
    assert (signup.campaign_code, signup.channel, signup.first_campaign_code) == (
        word_of_mouth.code,
        "mailing/email",
        launch.code,
    )


def test_sign_up_without_a_campaign_counts_as_direct(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/aanmelden/", SIGNUP)
    signup = _only("aanmelding")
    assert (signup.campaign_code, signup.channel) == ("", "direct")
    assert not Touch.objects.exists()


def test_the_signal_twice_counts_one_sign_up(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(2):
            member_signed_up.send(sender=type(member), user=member, request=None, data={})
    _only("aanmelding")


def test_log_in_carries_the_touch_only_when_the_account_has_none(client, launch, beacon):
    newcomer = MemberFactory(email="kees@example.nl")
    beacon(client, MAILING, code=launch.code)
    client.post("/account/inloggen/", {"username": "kees@example.nl", "password": PASSWORD})
    assert Touch.objects.get(user=newcomer, position="laatste").campaign_code == launch.code

    known = MemberFactory(email="fenna@example.nl")
    Touch.objects.create(
        user=known,
        position="laatste",
        campaign_code="oud",
        channel="direct",
        touched_at=timezone.now() - timedelta(days=3),
    )
    other = client.__class__()
    beacon(other, MAILING, code=launch.code)
    other.post("/account/inloggen/", {"username": "fenna@example.nl", "password": PASSWORD})
    assert list(Touch.objects.filter(user=known).values_list("campaign_code", flat=True)) == ["oud"]


def test_an_event_registration_counts_once_with_the_members_session(
    client, launch, beacon, member, make_event, django_capture_on_commit_callbacks
):
    client.force_login(member)
    beacon(client, "?utm_source=linkedin&utm_medium=social", code=launch.code)
    event = make_event()
    request = RequestFactory().get("/")
    request.session, request.user = client.session, member
    with django_capture_on_commit_callbacks(execute=True):
        registration = events.register_for_event(event, member, request=request)
        # The same signal again (a second delivery) counts once.
        registration_made.send(
            sender=Registration, registration=registration, actor=member, request=request
        )
    row = _only("bijeenkomst")
    assert (row.campaign_code, row.channel, row.object_key) == (
        launch.code,
        "linkedin/social",
        f"registration:{registration.pk}",
    )


def test_staff_acting_for_a_member_credits_the_members_touch(
    launch, member, communicatie, touch_of
):
    """A staff member's own campaign visit must not be credited for what they do for others."""
    touch_of(member, launch.code, "mailing/email")
    staff_request = RequestFactory().get("/admin/")
    staff_request.user = communicatie
    staff_request.session = {
        services.SESSION_KEY: {"last": {"c": "iets-anders", "ch": "linkedin/social"}}
    }
    credit = services.credit_for(member, staff_request)
    assert (credit.campaign_code, credit.channel) == (launch.code, "mailing/email")


def test_a_stored_touch_older_than_the_window_no_longer_counts(member, launch, touch_of, settings):
    settings.ATTRIBUTION_WINDOW_DAYS = 30
    touch_of(member, launch.code, days_ago=31)
    assert services.credit_for(member).channel == "direct"
    touch_of(member, launch.code, days_ago=29)
    assert services.credit_for(member).campaign_code == launch.code


def test_community_join_counts_when_it_becomes_a_membership(
    member, launch, touch_of, make_community, django_capture_on_commit_callbacks
):
    from community.models import CommunityPage, Membership

    touch_of(member, launch.code)
    community = make_community()
    CommunityPage.objects.filter(pk=community.pk).update(membership_policy="goedkeuring")
    community = CommunityPage.objects.get(pk=community.pk)
    manager = MemberFactory()
    Membership.objects.create(
        member=manager,
        community=community,
        status="lid",
        role="beheerder",
        joined_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = memberships.join_community(community, member, motivation="Ik bouw huizen.")
    assert not Conversion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        membership = memberships.approve_request(membership, manager)
        membership_started.send(sender=Membership, membership=membership, actor=member)
    assert _only("community").campaign_code == launch.code


def test_an_experience_counts_once_private_feedback_not(
    member, launch, touch_of, django_capture_on_commit_callbacks
):
    touch_of(member, launch.code)
    fields = {"user": member, "display_mode": "anoniem"}
    with django_capture_on_commit_callbacks(execute=True):
        shared = testimonials.submit_experience(
            quote="Eerlijke feedback!", score=9, channels=["website"], **fields
        )
        testimonials.submit_experience(quote="Viel tegen.", score=3, **fields)
        experience_submitted.send(sender=Experience, experience=shared, actor=member)
    assert _only("ervaring").object_key == f"experience:{shared.pk}"


def test_an_intake_request_counts_once_from_the_visitors_session(
    client, launch, beacon, django_capture_on_commit_callbacks
):
    from loket.intake.models import IntakeRequest

    beacon(client, MAILING, code=launch.code)
    request = RequestFactory().post("/gesprek-aanvragen/")
    request.session = client.session
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    intake = IntakeRequest.objects.create(
        name="Anouk", email="anouk@example.nl", question="Hoe vind ik personeel?", channel="video"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(2):
            intake_requested.send(sender=IntakeRequest, intake=intake, request=request)
    row = _only("intake")
    assert (row.campaign_code, row.channel) == (launch.code, "mailing/email")


def test_a_tip_counts_once_and_knows_whether_the_tipper_was_tipped(
    member, word_of_mouth, touch_of, django_capture_on_commit_callbacks
):
    touch_of(member, word_of_mouth.code, "referral")
    Referral.objects.create(
        referrer=MemberFactory(), referred=member, channel="link", status="aangemeld"
    )
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.tip_by_mail(member, email="joost@bakkerij.example", name="Joost")
        tip_sent.send(sender=Referral, referral=referral, actor=member)
    tip = _only("tip")
    assert (tip.campaign_code, tip.channel, tip.by_referred_member) == (
        word_of_mouth.code,
        "referral",
        True,
    )


def test_a_qualified_referral_counts_once(
    word_of_mouth, touch_of, referrer_and_newcomer, django_capture_on_commit_callbacks
):
    referrer, newcomer, referral = referrer_and_newcomer
    touch_of(newcomer, word_of_mouth.code, "referral")
    from loket.intake.models import IntakeRequest

    intake = IntakeRequest.objects.create(
        name="Joost", user=newcomer, question="Hoe groei ik door?", channel="bezoek"
    )
    with django_capture_on_commit_callbacks(execute=True):
        referrals.qualify(newcomer, source="intake", reference=f"intake:{intake.pk}")
        for _i in range(2):
            intake_held.send(sender=IntakeRequest, intake=intake, user=newcomer)
    row = _only("gekwalificeerd")
    assert (row.object_key, row.campaign_code, row.channel) == (
        f"referral:{referral.pk}",
        word_of_mouth.code,
        "referral",
    )
    # The daily sweep finds nothing new.
    assert services.record_qualified_referrals(since=timezone.now() - timedelta(days=2)) == 0


def test_the_daily_task_sweeps_up_a_qualified_referral(
    word_of_mouth, touch_of, referrer_and_newcomer
):
    from campaigns.attribution.tasks import purge_attribution

    _referrer, newcomer, _referral = referrer_and_newcomer
    touch_of(newcomer, word_of_mouth.code, "referral")
    referrals.qualify(newcomer, source="intake", reference="intake:1")
    assert purge_attribution()["qualified"] == 1
    assert purge_attribution()["qualified"] == 0
    assert _only("gekwalificeerd").campaign_code == word_of_mouth.code


def test_an_offer_claim_counts_once(member, launch, touch_of, django_capture_on_commit_callbacks):
    from campaigns.offers import LimitedOffer, OfferClaim

    touch_of(member, launch.code, "linkedin/social")
    offer = LimitedOffer.objects.create(campaign=launch, key="gesprek", title="Gesprek", total=50)
    claim = OfferClaim.objects.create(offer=offer, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(2):
            offer_claimed.send(
                sender=OfferClaim, claim=claim, offer=offer, campaign=launch, user=member
            )
    row = _only("aanbod")
    assert (row.campaign_code, row.channel) == (launch.code, "linkedin/social")


def test_a_rolled_back_action_is_not_counted(
    member, launch, touch_of, make_event, django_capture_on_commit_callbacks
):
    from django.db import transaction

    touch_of(member, launch.code)
    event = make_event()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        events.register_for_event(event, member)
        raise RuntimeError
    assert not Conversion.objects.exists()


def test_registering_counts_after_commit_without_a_query_in_the_locked_transaction(
    client, launch, beacon, member, make_event, django_capture_on_commit_callbacks
):
    """Crediting reads touches and referrals: after the commit, never under the event's lock."""
    client.force_login(member)
    beacon(client, "?utm_source=linkedin&utm_medium=social", code=launch.code)
    event = make_event()
    request = RequestFactory().get("/")
    request.session, request.user = client.session, member
    attribution_tables = ("attribution_", Referral._meta.db_table)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as inside,
    ):
        registration = events.register_for_event(event, member, request=request)
    assert not [
        q["sql"] for q in inside.captured_queries if any(t in q["sql"] for t in attribution_tables)
    ]
    assert not Conversion.objects.exists()
    with CaptureQueriesContext(connection) as after:
        for callback in callbacks:
            callback()
    assert any(any(t in q["sql"] for t in attribution_tables) for q in after.captured_queries)
    row = _only("bijeenkomst")
    assert (row.campaign_code, row.channel, row.object_key) == (
        launch.code,
        "linkedin/social",
        f"registration:{registration.pk}",
    )


@pytest.fixture
def referrer_and_newcomer(db):
    referrer = MemberFactory()
    newcomer = MemberFactory()
    referral = Referral.objects.create(
        referrer=referrer,
        referred=newcomer,
        channel="link",
        status="aangemeld",
        signed_up_at=timezone.now(),
    )
    return referrer, newcomer, referral
