"""Every contact asks: a held intake (with its own mail), a meetup (its follow-up form's score is
the rating), an intervision session; the AVG export shows the answers and erasure removes them."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from community.intervision import services as intervision
from community.intervision.models import IntervisionGroup, IntervisionParticipant
from events import services as events
from events.models import Feedback
from loket.accounts.models import User
from loket.core.hooks import erase_member_data, export_member_data
from loket.intake import services as intake_services
from loket.intake.forms import IntakeRequestForm
from loket.satisfaction.models import Rating
from loket.satisfaction.services import Contact
from tests.events.conftest import build_event, build_member
from tests.factories import EventIndexPageFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(db):
    user = User.objects.create_user(
        "rob@ondernemersloket.nl", "Loket-wachtwoord-9", first_name="Rob", last_name="Adviseur"
    )
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user


def test_a_held_intake_asks_the_entrepreneur_once(
    home, theme, adviser, outbox, django_capture_on_commit_callbacks
):
    form = IntakeRequestForm(
        {
            "name": "Joost Bakker",
            "email": "joost@bakkerijbakker.nl",
            "company": "Bakkerij Bakker",
            "company_size": "5-9",
            "theme": str(theme.pk),
            "question": "Mijn omzet groeit, maar ik houd te weinig over. Waar lekt het weg?",
            "channel": "video",
            "privacy_consent": "on",
        }
    )
    assert form.is_valid(), form.errors
    intake, _created = intake_services.request_intake(form.cleaned_data, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.mark_held(intake, by=adviser)
    rating = Rating.objects.get()
    assert (rating.kind, rating.contact_key) == ("intake", f"intake:{intake.pk}")
    assert (rating.email, rating.theme, rating.responsible) == (
        "joost@bakkerijbakker.nl",
        theme,
        adviser,
    )
    assert rating.adviser == "Rob Adviseur"
    mails = outbox(template="satisfaction_question")
    assert len(mails) == 1 and "Hoi Joost" in mails[0].text


@pytest.fixture
def finished(home, theme):
    event = build_event(EventIndexPageFactory(parent=home), title="Grip op je cashflow")
    event.themes.add(theme)
    came = events.register_for_event(event, build_member(first_name="Sanne"))
    events.check_in(event, came)
    event.start = timezone.now() - timedelta(days=1, hours=3)
    event.end = event.start + timedelta(hours=2)
    event.save()
    return event, came


def test_the_meetup_follow_up_asks_and_its_score_is_the_rating(client, finished, theme, outbox):
    event, registration = finished
    assert events.send_follow_ups() == (1, 0)
    rating = Rating.objects.get()
    assert (rating.kind, rating.contact_label, rating.theme) == ("bijeenkomst", event.title, theme)
    # The follow-up mail carries the question: no second mail of its own.
    assert not outbox(template="satisfaction_question")
    assert len(outbox(template="events_follow_up")) == 1
    response = client.post(
        registration.feedback_url(),
        {"score": "9", "progressed": "beetje", "effort": "4", "sentence": "Top avond"},
    )
    assert response.status_code == 200
    assert Feedback.objects.get().score == 9
    rating.refresh_from_db()
    assert (rating.score, rating.ces, rating.resolved, rating.sentence) == (
        9,
        2,
        "deels",
        "Top avond",
    )
    # The follow-up form may still be filled in again; the rating keeps its one answer.
    client.post(
        registration.feedback_url(),
        {"score": "6", "progressed": "nee", "effort": "2", "sentence": ""},
    )
    assert Feedback.objects.get().score == 6
    rating.refresh_from_db()
    assert rating.score == 9
    events.send_follow_ups()
    assert Rating.objects.count() == 1


def test_an_intervision_session_asks_each_participant_present(
    home, theme, outbox, django_capture_on_commit_callbacks
):
    facilitator = MemberFactory(email="carla@begeleider.nl")
    group = IntervisionGroup.objects.create(
        title="Groeiende bouwbedrijven",
        theme=theme,
        status="actief",
        facilitator=facilitator,
        facilitator_name="Carla Smit",
    )
    seats = [
        IntervisionParticipant.objects.create(group=group, member=MemberFactory()) for _ in "ab"
    ]
    start = timezone.now() - timedelta(hours=4)
    session = intervision.schedule_session(
        group, starts_at=start, ends_at=start + timedelta(hours=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        intervision.record_session_attendance(facilitator, session, [seats[0].pk])
        intervision.record_session_attendance(facilitator, session, [seats[0].pk, seats[1].pk])
    ratings = Rating.objects.order_by("pk")
    assert [r.user_id for r in ratings] == [seats[0].member_id, seats[1].member_id]
    assert {(r.kind, r.adviser, r.responsible_id) for r in ratings} == {
        ("intervisie", "Carla Smit", facilitator.pk)
    }
    assert len(outbox(template="satisfaction_question")) == 2


def test_scores_are_in_the_export_and_erased_with_the_account(regions, ask, member):
    ask(regions["x"], score=9, sentence="Fijn geholpen.", label="Intake over cashflow")
    ask(regions["x"])
    exported = export_member_data(member)["tevredenheid"]
    assert [row["rapportcijfer"] for row in exported] == [9, None]
    assert exported[0]["in één zin"] == "Fijn geholpen."
    erase_member_data(member, keep_content=False)
    assert not Rating.objects.filter(user=member).exists()
    assert not Rating.objects.filter(email__iexact=member.email).exists()
    left = Rating.objects.get()  # the answered one stays, as an anonymous figure
    assert (left.score, left.name, left.sentence, left.contact_label) == (9, "", "", "")
    assert export_member_data(member)["tevredenheid"] == []


def test_a_non_members_contact_data_goes_after_the_retention_period(regions, ask, settings):
    from loket.satisfaction.tasks import erase_expired_contacts

    settings.INTAKE_RETENTION_DAYS = 30
    guest = Contact("joost@bakkerij.nl", "Joost Bakker")
    old = ask(regions["x"], person=guest, score=9, sentence="Top geholpen.", days_ago=40)
    ask(regions["x"], person=guest, days_ago=40)  # never answered
    recent = ask(regions["x"], person=guest, score=7, days_ago=5)
    member_rating = ask(regions["x"], score=8, sentence="Goed gesprek.", days_ago=40)
    assert erase_expired_contacts() == 2
    assert erase_expired_contacts() == 0
    old.refresh_from_db()
    assert (old.score, old.email, old.name, old.sentence) == (9, "", "", "")
    assert Rating.objects.filter(pk=recent.pk, email="joost@bakkerij.nl").exists()
    assert Rating.objects.get(pk=member_rating.pk).sentence == "Goed gesprek."
    assert Rating.objects.count() == 3
