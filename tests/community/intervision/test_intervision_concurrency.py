"""Applying and confirming under real concurrency on PostgreSQL."""

import pytest

from community.intervision import services
from community.intervision.models import IntervisionApplication, IntervisionParticipant
from community.services import CommunityError
from loket.themes.models import Theme
from tests.concurrency import run_concurrently, split_outcomes
from tests.factories import MemberFactory

from .conftest import build_application


@pytest.fixture
def theme(transactional_db):
    # A transactional test flushes the migrations' themes; make one when needed.
    return Theme.objects.get_or_create(
        slug="personeelszaken", defaults={"name": "Personeelszaken"}
    )[0]


def _at_once(n, work):
    results, errors = split_outcomes(run_concurrently(work, n), CommunityError)
    return results, [error.code for error in errors]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_applying_many_times_at_once_stores_one_application(theme):
    member = MemberFactory()
    results, errors = _at_once(10, lambda i: build_application(theme, member))
    assert len(results) == 1
    assert errors == ["conflict"] * 9
    assert IntervisionApplication.objects.filter(member=member).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_confirming_at_once_place_each_applicant_once(theme, staff_manager):
    apps = [build_application(theme) for _ in range(6)]

    def confirm(i):
        round_ = services.run_round()
        return services.confirm_round(staff_manager, round_, {a.pk: "n1" for a in apps})

    results, errors = _at_once(2, confirm)
    assert len(results) == 1 and errors == ["conflict"]
    assert IntervisionParticipant.objects.count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reminder_runs_at_the_same_time_mail_each_participant_once(theme):
    from datetime import timedelta

    from django.utils import timezone

    from loket.mail.models import OutgoingMail

    from .conftest import build_group

    group = build_group(theme, status="actief")
    members = MemberFactory.create_batch(4)
    for member in members:
        IntervisionParticipant.objects.create(group=group, member=member)
    start = timezone.now() + timedelta(hours=24)
    session = services.schedule_session(group, starts_at=start, ends_at=start + timedelta(hours=3))
    now = timezone.now()
    results, errors = _at_once(4, lambda i: services.send_session_reminders(now))
    assert errors == []
    assert sorted(results) == [0, 0, 0, 4]
    assert OutgoingMail.objects.count() == 4
    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == sorted(
        m.email for m in members
    )
    session.refresh_from_db()
    assert session.reminder_sent_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_rounds_cannot_both_give_a_facilitator_their_last_place(theme, staff_manager):
    from community.intervision.models import Facilitator, IntervisionGroup

    facilitator = Facilitator.objects.create(user=MemberFactory(), name="Hans", max_groups=1)
    for _n in range(10):
        build_application(theme)
    round_ = services.run_round()
    keys = {g.key: g.member_ids for g in round_.proposal.new_groups}
    assert len(keys) == 2

    def confirm(i):
        key = sorted(keys)[i]
        fresh = services.run_round()
        return services.confirm_round(
            staff_manager,
            fresh,
            dict.fromkeys(keys[key], key),
            facilitators={key: facilitator.pk},
        )

    results, errors = _at_once(2, confirm)
    assert len(results) == 1 and errors in (["conflict"], ["invalid"])
    assert IntervisionGroup.objects.filter(facilitator=facilitator.user).count() == 1
    assert IntervisionParticipant.objects.count() == 5
