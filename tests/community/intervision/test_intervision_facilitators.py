"""A facilitator per new group (theme, region, load, explained), the manager's change before
confirming, group sizes from the settings, and the first-presence signal of a session."""

from datetime import timedelta

import pytest

from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from community.intervision import services
from community.intervision.models import Facilitator, IntervisionGroup, IntervisionParticipant
from community.intervision.services.matching import (
    FacilitatorOption,
    NewGroup,
    propose_facilitators,
)
from community.services import CommunityError
from tests.factories import MemberFactory

URL = "intervision_admin:matching"


def new_group(key, theme="personeel", province="utrecht"):
    return NewGroup(key, theme, "Personeelszaken", province, province.title(), [], [])


def test_facilitator_is_proposed_by_theme_region_and_load_with_reasons():
    pool = [
        FacilitatorOption(
            id=1,
            name="Elders",
            themes=frozenset({"personeel"}),
            provinces=frozenset({"limburg"}),
            max_groups=3,
        ),
        FacilitatorOption(id=2, name="Generalist", max_groups=3),
        FacilitatorOption(
            id=3,
            name="Specialist",
            themes=frozenset({"personeel"}),
            provinces=frozenset({"utrecht"}),
            max_groups=2,
            load=1,
        ),
    ]
    result = propose_facilitators([new_group("n1"), new_group("n2")], pool)
    assert result["n1"].facilitator_id == 3  # theme and region beat a lighter load
    assert "begeleidt Personeelszaken" in result["n1"].explanation
    assert "regio Utrecht" in result["n1"].explanation
    assert "1 van maximaal 2" in result["n1"].explanation
    # The specialist is now full; the generalist (whole country) takes the second group.
    assert result["n2"].facilitator_id == 2
    assert "hele land" in result["n2"].explanation
    # The same input gives the same answer, whatever the order of the pool.
    again = propose_facilitators([new_group("n2"), new_group("n1")], list(reversed(pool)))
    assert {k: v.facilitator_id for k, v in again.items()} == {"n1": 3, "n2": 2}


def test_nobody_fits_is_said_in_words():
    pool = [FacilitatorOption(id=1, provinces=frozenset({"limburg"}), max_groups=1)]
    result = propose_facilitators([new_group("n1")], pool)
    assert result["n1"].facilitator_id is None
    assert "geen begeleider" in result["n1"].explanation


@pytest.fixture
def facilitators(db, themes):
    marjolein = Facilitator.objects.create(
        user=MemberFactory(),
        name="Marjolein Verhoef",
        profile="Coach.",
        provinces=["utrecht"],
        max_groups=1,
    )
    marjolein.themes.set([themes[0]])
    hans = Facilitator.objects.create(user=MemberFactory(), name="Hans Koster", max_groups=2)
    return marjolein, hans


def _five(make_application, theme):
    return [make_application(theme) for _n in range(5)]


@pytest.mark.django_db
def test_manager_sees_the_proposed_facilitator_changes_it_and_confirms(
    client, staff_manager, themes, make_application, facilitators
):
    marjolein, hans = facilitators
    apps = _five(make_application, themes[0])
    client.force_login(staff_manager)
    page = client.get(reverse(URL)).content.decode()
    assert "Marjolein Verhoef (0/1)" in page and "begeleidt" in page
    round_ = services.run_round()
    key = round_.proposal.new_groups[0].key
    assert round_.facilitator_proposals[key].facilitator_id == marjolein.pk
    data = {f"plaats_{a.pk}": key for a in apps}
    data[f"begeleider_{key}"] = str(hans.pk)
    response = client.post(reverse(URL), data)
    assert response.status_code == 302
    group = IntervisionGroup.objects.get()
    assert group.facilitator == hans.user and group.facilitator_name == "Hans Koster"
    assert services.can_see_group(hans.user, group)
    assert not services.can_see_group(marjolein.user, group)


@pytest.mark.django_db
def test_tampered_or_overloaded_facilitator_choice_stores_nothing(
    client, staff_manager, themes, make_application, facilitators, make_group
):
    marjolein, _hans = facilitators
    make_group(themes[0], status="actief", facilitator=marjolein.user)  # she is full (1/1)
    apps = _five(make_application, themes[0])
    round_ = services.run_round()
    key = round_.proposal.new_groups[0].key
    assert round_.facilitator_proposals[key].facilitator_id != marjolein.pk
    client.force_login(staff_manager)
    data = {f"plaats_{a.pk}": key for a in apps}
    for bad in ("abc", "999999"):
        response = client.post(reverse(URL), {**data, f"begeleider_{key}": bad})
        assert response.status_code in (400, 409)
    response = client.post(reverse(URL), {**data, f"begeleider_{key}": str(marjolein.pk)})
    assert response.status_code == 400
    assert "meer dan 1 groepen" in response.content.decode()
    response = client.post(reverse(URL), {**data, "begeleider_n999": ""})
    assert response.status_code == 409
    assert IntervisionGroup.objects.count() == 1
    assert not IntervisionParticipant.objects.exists()


@pytest.mark.django_db
@override_settings(INTERVISION_GROUP_MIN_SIZE=3, INTERVISION_GROUP_MAX_SIZE=4)
def test_group_size_limits_come_from_the_settings(staff_manager, themes, make_application):
    assert IntervisionGroup(title="x", theme=themes[0]).max_size == 4
    apps = [make_application(themes[0]) for _n in range(7)]
    round_ = services.run_round()
    sizes = sorted(len(g.member_ids) for g in round_.proposal.new_groups)
    assert sizes and all(3 <= s <= 4 for s in sizes)
    key = round_.proposal.new_groups[0].key
    with pytest.raises(CommunityError, match="meer dan 4"):
        services.confirm_round(staff_manager, round_, {a.pk: key for a in apps})
    placed, _waiting = services.confirm_round(
        staff_manager,
        round_,
        {p.applicant_id: p.group_key for p in round_.proposal.placements}
        | {u.applicant_id: "" for u in round_.proposal.unplaced},
    )
    assert {(g.min_size, g.max_size) for g in IntervisionGroup.objects.all()} == {(3, 4)}
    assert len(placed) == sum(sizes)


@pytest.mark.parametrize("low,high", [(2, 8), (5, 13), (9, 6)])
def test_bad_size_settings_fail_the_start_up_check(low, high):
    with override_settings(INTERVISION_GROUP_MIN_SIZE=low, INTERVISION_GROUP_MAX_SIZE=high):
        assert "community.E001" in {e.id for e in run_checks()}
    assert "community.E001" not in {e.id for e in run_checks()}


@pytest.mark.django_db
def test_a_group_outside_3_to_12_is_refused_by_the_database(themes):
    from django.db import IntegrityError, transaction

    for low, high in [(2, 8), (5, 13)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            IntervisionGroup.objects.create(title="x", theme=themes[0], min_size=low, max_size=high)


@pytest.mark.django_db
def test_first_presence_sends_session_attended_once(
    themes, make_group, django_capture_on_commit_callbacks
):
    from community.intervision.signals import session_attended

    facilitator = MemberFactory()
    group = make_group(themes[0], status="actief", facilitator=facilitator)
    seats = [
        IntervisionParticipant.objects.create(group=group, member=MemberFactory()) for _ in "ab"
    ]
    start = timezone.now() - timedelta(hours=4)
    session = services.schedule_session(group, starts_at=start, ends_at=start + timedelta(hours=3))
    received = []

    def receiver(sender, participant, session, **kwargs):
        received.append((participant.pk, session.pk))

    session_attended.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_session_attendance(facilitator, session, [seats[0].pk])
            services.record_session_attendance(facilitator, session, [seats[0].pk])
            services.record_session_attendance(facilitator, session, [])
            services.record_session_attendance(facilitator, session, [seats[0].pk, seats[1].pk])
    finally:
        session_attended.disconnect(receiver)
    assert received == [(seats[0].pk, session.pk), (seats[1].pk, session.pk)]
