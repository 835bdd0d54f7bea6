"""The desk's steps: plan, held, referred; the history they write, the mails, what is refused."""

from datetime import timedelta

import pytest

from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.intake import services
from loket.intake.models import IntakeRequest, Status
from loket.intake.services import IntakeError
from loket.intake.signals import intake_held
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_signals():
    received = []

    def receiver(sender, intake, user, **kwargs):
        received.append((intake.pk, user))

    intake_held.connect(receiver, weak=False, dispatch_uid="test-held")
    yield received
    intake_held.disconnect(dispatch_uid="test-held")


def _when(days=3, hour=10):
    local = timezone.localtime() + timedelta(days=days)
    return local.replace(hour=hour, minute=30, second=0, microsecond=0)


def test_planning_mails_the_date_and_channel_and_writes_the_history(make_intake, staff, outbox):
    intake = make_intake(channel="telefoon", phone="06 12345678")
    when = _when()
    intake = services.plan(intake, planned_at=when, by=staff)
    intake.refresh_from_db()
    assert intake.status == Status.PLANNED and intake.planned_at == when
    assert intake.handled_by == staff
    step = intake.history.last()
    assert (step.from_status, step.to_status, step.actor) == (Status.NEW, Status.PLANNED, staff)
    assert step.actor_label == "Rob Adviseur"

    [mail] = outbox(template="intake_planned")
    assert mail.to == intake.email
    assert f"{when.day} " in mail.subject and "gepland" in mail.subject
    assert when.strftime("%H:%M") in mail.text
    assert "De adviseur belt je op 06 12345678" in mail.text


def test_saving_the_same_appointment_twice_sends_one_mail_moving_it_sends_another(
    make_intake, staff, outbox
):
    intake = make_intake()
    when = _when()
    services.plan(intake, planned_at=when, by=staff)
    services.plan(intake, planned_at=when, by=staff)
    assert len(outbox(template="intake_planned")) == 1
    services.plan(intake, planned_at=when + timedelta(days=1), channel="bezoek", by=staff)
    mails = outbox(template="intake_planned")
    assert len(mails) == 2
    assert "verzet" in mails[1].subject and "Een bezoek" in mails[1].text
    assert IntakeRequest.objects.get().channel == "bezoek"


def test_held_sends_the_signal_once_after_commit(
    make_intake, staff, held_signals, django_capture_on_commit_callbacks
):
    intake = make_intake()
    services.plan(intake, planned_at=_when(), by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.mark_held(intake, by=staff, note="Goed gesprek over marges.")
    assert intake.status == Status.HELD and intake.held_at
    assert held_signals == [(intake.pk, None)]
    # Saving it as held again is refused and sends nothing.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IntakeError) as error:
        services.mark_held(intake, by=staff)
    assert error.value.code == "state"
    assert held_signals == [(intake.pk, None)]
    assert [step.to_status for step in intake.history.all()] == [
        Status.NEW,
        Status.PLANNED,
        Status.HELD,
    ]


def test_held_does_not_give_a_request_to_a_member_only_because_the_address_matches(
    make_intake, staff, held_signals, django_capture_on_commit_callbacks
):
    # Anyone can type a member's address; only logging in with it proves it is theirs.
    intake = make_intake(email="nieuw@bakkerij.nl")
    MemberFactory(email="nieuw@bakkerij.nl")
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.mark_held(intake, by=staff)
    assert held_signals == [(intake.pk, None)]
    assert IntakeRequest.objects.get(pk=intake.pk).user is None


def test_held_goes_to_the_member_who_logged_in_with_the_address_since(
    client, make_intake, staff, held_signals, django_capture_on_commit_callbacks
):
    intake = make_intake(email="nieuw@bakkerij.nl")
    member = MemberFactory(email="nieuw@bakkerij.nl")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_held(intake, by=staff)
    assert held_signals == [(intake.pk, member)]


def test_referring_needs_a_name_and_mails_the_entrepreneur(make_intake, staff, outbox):
    intake = make_intake()
    with pytest.raises(IntakeError) as error:
        services.refer(intake, referred_to="   ", by=staff)
    assert "Noteer naar wie" in error.value.message
    assert IntakeRequest.objects.get().status == Status.NEW

    intake = services.refer(intake, referred_to="Henk de Graaf, Ondernemersklankbord", by=staff)
    assert intake.status == Status.REFERRED
    [mail] = outbox(template="intake_referred")
    assert "Henk de Graaf, Ondernemersklankbord" in mail.subject
    assert intake.history.last().note == "Henk de Graaf, Ondernemersklankbord"


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        (["held"], "plan"),
        (["held"], "held"),
        (["refer"], "plan"),
        (["refer"], "held"),
        (["refer"], "refer"),
    ],
)
def test_a_request_never_goes_back(make_intake, staff, outbox, steps, refused):
    intake = make_intake()
    actions = {
        "plan": lambda i: services.plan(i, planned_at=_when(), by=staff),
        "held": lambda i: services.mark_held(i, by=staff),
        "refer": lambda i: services.refer(i, referred_to="KvK", by=staff),
    }
    for step in steps:
        intake = actions[step](intake)
    history = intake.history.count()
    mails = len(outbox())
    with pytest.raises(IntakeError) as error:
        actions[refused](intake)
    assert error.value.code == "state" and "kan een aanvraag niet naar" in error.value.message
    assert intake.history.count() == history and len(outbox()) == mails


def test_a_held_intake_can_still_be_referred_on(make_intake, staff):
    intake = services.mark_held(make_intake(), by=staff)
    intake = services.refer(intake, referred_to="Bedrijfsovername-adviseur Rob Smit", by=staff)
    assert intake.status == Status.REFERRED and intake.held_at


def test_the_database_refuses_a_status_without_its_facts(make_intake):
    intake = make_intake()
    for status in (Status.PLANNED, Status.HELD, Status.REFERRED):
        with pytest.raises(IntegrityError), transaction.atomic():
            IntakeRequest.objects.filter(pk=intake.pk).update(status=status)


def test_logging_in_links_earlier_requests_made_with_the_address(client, make_intake):
    intake = make_intake(email="later@bakkerij.nl")
    assert intake.user is None
    member = MemberFactory(email="later@bakkerij.nl")
    client.force_login(member)
    intake.refresh_from_db()
    assert intake.user == member


def test_logging_in_links_only_requests_made_with_that_address(client, make_intake):
    other = make_intake(email="iemand@bakkerij.nl")
    member = MemberFactory(email="later@bakkerij.nl")
    client.force_login(member)
    other.refresh_from_db()
    assert other.user is None


def test_an_unverified_account_does_not_get_the_requests(make_intake):
    from tests.factories import UserFactory

    intake = make_intake(email="onbevestigd@bakkerij.nl")
    user = UserFactory(email="onbevestigd@bakkerij.nl")
    assert services.link_requests_of(user) == 0
    intake.refresh_from_db()
    assert intake.user is None
