"""Audience segments: each criterion, combinations, consent always required, constant queries."""

from datetime import timedelta

import pytest

from django.utils import timezone

from campaigns.mailings import segments, services
from campaigns.mailings.models import Attendance
from community.models import Membership
from loket.themes.models import Theme

pytestmark = pytest.mark.django_db


def _emails(mailing):
    return set(segments.members_for(mailing).values_list("email", flat=True))


@pytest.fixture
def themes(db):
    return {
        "fin": Theme.objects.get_or_create(slug="financien-m", defaults={"name": "Financiën M"})[0],
        "mkt": Theme.objects.get_or_create(slug="marketing-m", defaults={"name": "Marketing M"})[0],
    }


def test_consent_active_and_confirmed_are_always_required(make_mailing, subscriber):
    ok = subscriber(email="ja@example.nl")
    subscriber(email="nee@example.nl", profile={"newsletter": False})
    subscriber(email="weg@example.nl", is_active=False)
    subscriber(email="onbevestigd@example.nl", email_verified=False)
    subscriber(email="verwijderd@example.nl", deleted_at=timezone.now())
    assert _emails(make_mailing()) == {ok.email}


def test_themes_of_interest_any_of_them_without_duplicates(make_mailing, subscriber, themes):
    both = subscriber(email="beide@example.nl", themes=[themes["fin"], themes["mkt"]])
    fin = subscriber(email="fin@example.nl", themes=[themes["fin"]])
    subscriber(email="geen@example.nl")
    mailing = make_mailing(themes=[themes["fin"], themes["mkt"]])
    assert list(segments.members_for(mailing).values_list("email", flat=True)) == [
        both.email,
        fin.email,
    ]
    assert services.recipient_count(mailing) == 2


def test_province_and_size_band(make_mailing, subscriber):
    subscriber(
        email="utrecht-klein@example.nl", profile={"province": "utrecht", "company_size": "2-4"}
    )
    subscriber(
        email="utrecht-mkb@example.nl", profile={"province": "utrecht", "company_size": "10-49"}
    )
    subscriber(
        email="zeeland-mkb@example.nl", profile={"province": "zeeland", "company_size": "10-49"}
    )
    assert _emails(make_mailing(provinces=["utrecht"])) == {
        "utrecht-klein@example.nl",
        "utrecht-mkb@example.nl",
    }
    assert _emails(make_mailing(size_bands=["5-9", "10-49"])) == {
        "utrecht-mkb@example.nl",
        "zeeland-mkb@example.nl",
    }
    assert _emails(make_mailing(provinces=["utrecht"], size_bands=["10-49"])) == {
        "utrecht-mkb@example.nl"
    }


def test_members_of_a_community_only_when_they_are_in(
    make_mailing, subscriber, make_community, join
):
    community = make_community()
    member = subscriber(email="lid@example.nl")
    asked = subscriber(email="aangevraagd@example.nl")
    subscriber(email="buiten@example.nl")
    join(community, member)
    join(community, asked, status=Membership.Status.REQUESTED)
    assert _emails(make_mailing(community=community)) == {member.email}


def test_attended_no_show_and_not_attended_an_event(make_mailing, subscriber, make_event, register):
    event = make_event(start=timezone.now() - timedelta(days=3))
    came = subscriber(email="kwam@example.nl")
    no_show = subscriber(email="kwam-niet@example.nl")
    stranger = subscriber(email="niet-aangemeld@example.nl")
    register(event, came, came=True)
    register(event, no_show, came=False)

    def audience(kind):
        return _emails(make_mailing(attendance=kind, attendance_event=event))

    assert audience(Attendance.ATTENDED) == {came.email}
    assert audience(Attendance.NO_SHOW) == {no_show.email}
    assert audience(Attendance.NOT_ATTENDED) == {no_show.email, stranger.email}


def test_attended_any_event_in_a_period(make_mailing, subscriber, make_event, register):
    now = timezone.now()
    in_period = make_event(start=now - timedelta(days=10))
    before = make_event(start=now - timedelta(days=60))
    recent = subscriber(email="recent@example.nl")
    long_ago = subscriber(email="lang-geleden@example.nl")
    register(in_period, recent)
    register(before, long_ago)
    mailing = make_mailing(
        attendance=Attendance.ATTENDED,
        attendance_from=(now - timedelta(days=30)).date(),
        attendance_until=now.date(),
    )
    assert _emails(mailing) == {recent.email}


def test_all_criteria_combined(
    make_mailing, subscriber, themes, make_community, join, make_event, register
):
    community = make_community()
    event = make_event(start=timezone.now() - timedelta(days=2))
    profile = {"province": "utrecht", "company_size": "5-9"}
    target = subscriber(email="doel@example.nl", themes=[themes["fin"]], profile=profile)
    wrong_theme = subscriber(email="thema@example.nl", themes=[themes["mkt"]], profile=profile)
    no_consent = subscriber(
        email="geen-toestemming@example.nl",
        themes=[themes["fin"]],
        profile={**profile, "newsletter": False},
    )
    for user in (target, wrong_theme, no_consent):
        join(community, user)
        register(event, user)
    mailing = make_mailing(
        themes=[themes["fin"]],
        provinces=["utrecht"],
        size_bands=["5-9"],
        community=community,
        attendance=Attendance.ATTENDED,
        attendance_event=event,
    )
    assert _emails(mailing) == {target.email}
    assert segments.describe(mailing)[0] == "thema's: Financiën M"


def test_counting_takes_the_same_queries_for_few_or_many(
    make_mailing, subscriber, themes, django_assert_max_num_queries
):
    mailing = make_mailing(themes=[themes["fin"]], provinces=["utrecht"])
    subscriber(themes=[themes["fin"]])
    with django_assert_max_num_queries(2):
        assert services.recipient_count(mailing) == 1
    for _ in range(15):
        subscriber(themes=[themes["fin"]])
    with django_assert_max_num_queries(2):
        assert services.recipient_count(mailing) == 16
