"""Every handover is rated once there was contact: an SLA-partner's confirmation asks at once;
for a netwerkpartner or a doorverwijzing the desk's follow-up call is the confirmation ("opgelost",
"loopt nog" or "doorverwezen" asks; "geen contact" does not), and the daily task catches up."""

import pytest

from django.utils import timezone

from loket.partners import services, tasks
from loket.partners.models import FollowUp, Outcome
from loket.satisfaction.models import ContactKind, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_over(make_intake, manager_x, partners, django_capture_on_commit_callbacks):
    """A handover of a fresh request by ``manager_x`` to the contact of ``partners[tier]``."""

    def make(tier):
        contact = partners[tier][1]
        with django_capture_on_commit_callbacks(execute=True):
            return services.hand_over(
                make_intake(),
                contact=contact,
                consent_given=True,
                consent_shown=services.consent_text(contact),
                by=manager_x,
            )

    return make


def _call(handover, outcome, manager, capture):
    follow_up = FollowUp.objects.get(handover=handover)
    with capture(execute=True):
        return services.record_outcome(follow_up, outcome=outcome, by=manager)


@pytest.mark.parametrize("tier", ["network", "referral"])
def test_a_non_sla_handover_is_rated_after_the_call_that_says_there_was_contact(
    tier, hand_over, manager_x, outbox, django_capture_on_commit_callbacks
):
    handover = hand_over(tier)
    # Nobody confirms this tier: no question yet.
    assert not Rating.objects.exists()
    _call(handover, Outcome.RESOLVED, manager_x, django_capture_on_commit_callbacks)
    rating = Rating.objects.get()
    assert rating.kind == ContactKind.HANDOVER
    assert rating.contact_key == f"handover:{handover.pk}"
    assert rating.adviser == handover.organisation_name
    assert [m.to for m in outbox(template="satisfaction_question")] == [handover.intake.email]


def test_no_contact_on_the_call_asks_nothing(
    hand_over, manager_x, outbox, django_capture_on_commit_callbacks
):
    handover = hand_over("network")
    _call(handover, Outcome.NO_CONTACT, manager_x, django_capture_on_commit_callbacks)
    assert not Rating.objects.exists()
    assert services.ask_after_followed_up_handovers() == 0
    assert outbox(template="satisfaction_question") == []


def test_an_sla_handover_still_waits_for_the_partners_confirmation(
    hand_over, manager_x, django_capture_on_commit_callbacks
):
    handover = hand_over("sla")
    _call(handover, Outcome.RESOLVED, manager_x, django_capture_on_commit_callbacks)
    assert not Rating.objects.exists()
    assert services.ask_after_followed_up_handovers() == 0
    services.confirm(handover.token)
    assert Rating.objects.get().contact_key == f"handover:{handover.pk}"


def test_the_daily_task_asks_what_was_missed_once(
    hand_over, manager_x, outbox, django_capture_on_commit_callbacks
):
    handover = hand_over("referral")
    # A call recorded before this rule (or while asking failed): done, but never asked.
    FollowUp.objects.filter(handover=handover).update(
        outcome=Outcome.ONGOING, done_at=timezone.now(), done_by=manager_x
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ask_after_followed_up_handovers() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ask_after_followed_up_handovers() == 0
    assert Rating.objects.filter(contact_key=f"handover:{handover.pk}").count() == 1
    assert len(outbox(template="satisfaction_question")) == 1
