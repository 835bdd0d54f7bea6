"""The confidential group space: who may read it, caching, sessions, cases, leaving, search."""

import base64
from datetime import timedelta

import pytest

from django.utils import timezone

from community.intervision import services
from community.intervision.models import IntervisionCase, IntervisionParticipant, SessionNote
from community.services import CommunityError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(intervision_index, themes, make_group):
    facilitator = MemberFactory()
    group = make_group(
        themes[0],
        status="actief",
        facilitator=facilitator,
        facilitator_name="Marjolein Verhoef",
        method="balint",
    )
    members = MemberFactory.create_batch(3)
    seats = [IntervisionParticipant.objects.create(group=group, member=m) for m in members]
    start = timezone.now() + timedelta(days=7)
    session = services.schedule_session(
        group, starts_at=start, ends_at=start + timedelta(hours=3), location="Utrecht"
    )
    IntervisionCase.objects.create(
        session=session, author=members[0], title="Geheime casus", body="Vertrouwelijk verhaal."
    )
    SessionNote.objects.create(
        session=session, author=members[0], body="Gedeelde notitie van de groep"
    )
    url = intervision_index.url + f"groep/{group.pk}/"
    return {
        "index": intervision_index,
        "group": group,
        "members": members,
        "seats": seats,
        "session": session,
        "facilitator": facilitator,
        "url": url,
    }


def endpoints(setup):
    url = setup["url"]
    return [
        ("get", url),
        ("post", url + "casus/"),
        ("post", url + "verlaten/"),
        ("get", setup["index"].url + f"sessie/{setup['session'].pk}/ical/"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "applicant", "other_group_member"])
def test_nobody_outside_the_group_reads_anything(
    client, setup, who, make_application, make_group, themes
):
    if who == "outsider":
        client.force_login(MemberFactory())
    elif who == "applicant":
        client.force_login(make_application(themes[0], group=None).member)
    elif who == "other_group_member":
        other = make_group(themes[0], status="actief")
        user = MemberFactory()
        IntervisionParticipant.objects.create(group=other, member=user)
        client.force_login(user)
    for method, url in endpoints(setup):
        response = getattr(client, method)(url, {"title": "x" * 5, "body": "y" * 30})
        assert response.status_code == 404, (who, url)
        assert b"Geheime casus" not in response.content
    # Guessing another id says the same as a real group.
    assert client.get(setup["index"].url + "groep/999999/").status_code == 404
    assert IntervisionCase.objects.count() == 1
    assert IntervisionParticipant.objects.filter(left_at__isnull=False).count() == 0


@pytest.mark.parametrize("who", ["participant", "facilitator", "manager"])
def test_group_sees_its_space_without_shared_caching(client, setup, who, staff_manager):
    user = {
        "participant": setup["members"][1],
        "facilitator": setup["facilitator"],
        "manager": staff_manager,
    }[who]
    client.force_login(user)
    response = client.get(setup["url"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Geheime casus" in body
    assert "Gedeelde notitie van de groep" in body
    assert "Balint-casusbespreking" in body
    assert "De inbrenger vertelt de casus zonder onderbreking." in body
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    ics = client.get(setup["index"].url + f"sessie/{setup['session'].pk}/ical/")
    assert ics.status_code == 200
    assert b"BEGIN:VEVENT" in ics.content
    assert "no-store" in ics["Cache-Control"]


def test_group_content_is_not_in_search_or_sitemap(client, setup):
    client.force_login(setup["members"][0])
    response = client.get("/zoeken/", {"q": "Vertrouwelijk"})
    assert response.status_code == 200
    assert b"Geheime casus" not in response.content
    sitemap = client.get("/sitemap.xml")
    assert b"/groep/" not in sitemap.content


def test_participant_submits_a_sanitised_case(client, setup):
    client.force_login(setup["members"][1])
    response = client.post(
        setup["url"] + "casus/",
        {
            "title": "Mijn <b>vraag</b>",
            "body": "<script>alert(1)</script>Een lastige klant die niet betaalt.",
        },
    )
    assert response.status_code == 302
    case = IntervisionCase.objects.get(author=setup["members"][1])
    assert case.session == setup["session"]
    assert "<" not in case.title and "script" not in case.body


def test_bad_case_gets_400(client, setup):
    client.force_login(setup["members"][1])
    response = client.post(setup["url"] + "casus/", {"title": "", "body": "kort"})
    assert response.status_code == 400
    assert IntervisionCase.objects.count() == 1


def test_facilitator_cannot_submit_a_case_but_sees_the_space(client, setup):
    with pytest.raises(CommunityError):
        services.submit_case(setup["facilitator"], setup["group"], title="Casus", body="x" * 40)


def test_participant_leaves_and_loses_access(client, setup):
    member = setup["members"][2]
    client.force_login(member)
    response = client.post(setup["url"] + "verlaten/")
    assert response.status_code == 302
    assert client.get(setup["url"]).status_code == 404


def test_attendance_is_recorded_per_session(setup, staff_manager):
    seat = setup["seats"][0]
    services.record_attendance(staff_manager, setup["session"], seat, present=True)
    services.record_attendance(setup["facilitator"], setup["session"], seat, present=False)
    assert setup["session"].attendance.get().present is False
    with pytest.raises(CommunityError):
        services.record_attendance(setup["members"][1], setup["session"], seat)


def test_facilitator_records_attendance_in_the_group_space(client, setup):
    client.force_login(setup["facilitator"])
    body = client.get(setup["url"]).content.decode()
    assert "Wie was er?" in body
    url = setup["url"] + f"aanwezigheid/{setup['session'].pk}/"
    seats = setup["seats"]
    response = client.post(url, {"aanwezig": [seats[0].pk, seats[2].pk]})
    assert response.status_code == 302
    present = dict(setup["session"].attendance.values_list("participant_id", "present"))
    assert present == {seats[0].pk: True, seats[1].pk: False, seats[2].pk: True}
    # Tampering: a seat of another group, or not a number.
    assert client.post(url, {"aanwezig": ["abc"]}).status_code == 400
    client.post(url, {"aanwezig": [999999]})
    assert setup["session"].attendance.filter(present=True).count() == 2
    # A participant may not take attendance: nothing is revealed or stored.
    client.force_login(setup["members"][1])
    assert "Wie was er?" not in client.get(setup["url"]).content.decode()
    assert client.post(url, {"aanwezig": [seats[1].pk]}).status_code == 404
    assert setup["session"].attendance.filter(present=True).count() == 2


def test_participant_rates_a_finished_group(client, setup):
    member = setup["members"][0]
    client.force_login(member)
    url = setup["url"] + "waardering/"
    response = client.post(url, {"rating": 5, "experience": "Fijne groep"})
    assert response.status_code == 409  # not finished yet
    group = setup["group"]
    group.status = "afgerond"
    group.save()
    assert "Hoe was het?" in client.get(setup["url"]).content.decode()
    assert client.post(url, {"rating": 9}).status_code == 400
    response = client.post(url, {"rating": 4, "experience": "<i>Heel</i> leerzaam"})
    assert response.status_code == 302
    seat = IntervisionParticipant.objects.get(group=group, member=member)
    assert seat.rating == 4 and seat.experience == "Heel leerzaam"


def test_reminder_mails_participants_the_day_before_without_content(
    setup, django_capture_on_commit_callbacks
):
    from django.conf import settings

    from community.intervision.tasks import send_session_reminders
    from loket.mail.models import OutgoingMail

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "community.intervision_tasks.send_session_reminders" in tasks
    session = setup["session"]
    now = session.starts_at - timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_session_reminders(now) == 3
        assert services.send_session_reminders(now) == 0  # twice: the session is claimed once
    session.refresh_from_db()
    assert session.reminder_sent_at == now
    mails = OutgoingMail.objects.all()
    assert mails.count() == 3
    assert {m.to for m in mails} == {m.email for m in setup["members"]}
    assert all("Geheime casus" not in m.text and "Gedeelde notitie" not in m.text for m in mails)
    # The session in iCal goes along, with when and where, nothing of the content.
    attachment = mails[0].attachments[0]
    assert attachment["filename"] == f"intervisie-{session.pk}.ics"
    ics = base64.b64decode(attachment["content"]).decode()
    assert "BEGIN:VEVENT" in ics and "TZID=Europe/Amsterdam" in ics and "Geheime" not in ics
    assert send_session_reminders() == 0  # a week ahead: nothing yet


def test_sharing_an_experience_sends_the_signal_after_commit(
    client, setup, django_capture_on_commit_callbacks
):
    from community.intervision.signals import experience_shared

    received = []

    def receiver(sender, participant, **kwargs):
        received.append(participant.experience)

    experience_shared.connect(receiver)
    try:
        group = setup["group"]
        group.status = "afgerond"
        group.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.rate_group(setup["members"][0], group, rating=5, experience="Aanrader!")
            services.rate_group(setup["members"][1], group, rating=3)
    finally:
        experience_shared.disconnect(receiver)
    assert received == ["Aanrader!"]


def test_group_space_queries_stay_constant(client, setup, django_assert_max_num_queries):
    client.force_login(setup["members"][0])
    client.get(setup["url"])
    with django_assert_max_num_queries(30) as few:
        client.get(setup["url"])
    group, session = setup["group"], setup["session"]
    for _n in range(6):
        member = MemberFactory()
        IntervisionParticipant.objects.create(group=group, member=member)
        IntervisionCase.objects.create(session=session, author=member, title="Casus", body="x" * 30)
    start = session.starts_at + timedelta(days=30)
    for n in range(4):
        services.schedule_session(
            group, starts_at=start + timedelta(days=n), ends_at=start + timedelta(days=n, hours=2)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(setup["url"])
