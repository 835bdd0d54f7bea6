"""A finished group's shared experience becomes a testimonial in moderation, only with the
consent recorded at rating time, and without anything confidential of the group."""

from datetime import timedelta

import pytest

from django.utils import timezone

from community.intervision import services
from community.intervision.models import IntervisionCase, IntervisionParticipant, SessionNote
from testimonials.models import Experience
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(intervision_index, themes, make_group):
    group = make_group(themes[0], title="Groep van Fleur en Sander – Zeist", status="actief")
    members = MemberFactory.create_batch(2)
    for member in members:
        IntervisionParticipant.objects.create(group=group, member=member)
    start = timezone.now() - timedelta(days=2)
    session = services.schedule_session(group, starts_at=start, ends_at=start + timedelta(hours=3))
    IntervisionCase.objects.create(
        session=session, author=members[1], title="Geheime casus", body="Vertrouwelijk." * 3
    )
    SessionNote.objects.create(session=session, author=members[1], body="Geheime notitie")
    group.status = "afgerond"
    group.save()
    return group, members


def test_experience_with_consent_goes_into_moderation(
    client, finished, django_capture_on_commit_callbacks
):
    group, members = finished
    client.force_login(members[0])
    url = f"/intervisie/groep/{group.pk}/waardering/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "rating": 5,
                "experience": "Ik leerde <b>loslaten</b>. De groep hielp me echt verder.",
                "share_consent": "on",
                "display": "voornaam",
            },
        )
    assert response.status_code == 302
    seat = IntervisionParticipant.objects.get(group=group, member=members[0])
    assert seat.experience_consent_at is not None and "redactie" in seat.experience_consent_text
    experience = Experience.objects.get()
    assert experience.contributor == members[0]
    assert experience.status == "nieuw" and experience.is_public is False
    assert experience.subject_kind == "intervisie" and experience.subject_id == group.pk
    assert experience.display_mode == "voornaam" and experience.score == 10
    assert experience.theme == group.theme
    assert "loslaten" in experience.quote and "<b>" not in experience.quote
    copied = f"{experience.quote} {experience.story} {experience.subject_label}"
    assert "Geheime" not in copied and "Zeist" not in copied and "Sander" not in copied
    assert experience.consents.filter(channel="website").exists()
    # Rating again sends the signal again: still one experience.
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_group(
            members[0], group, rating=4, experience="Nog steeds blij.", share_consent=True
        )
    assert Experience.objects.count() == 1


def test_without_consent_nothing_leaves_the_group(finished, django_capture_on_commit_callbacks):
    group, members = finished
    with django_capture_on_commit_callbacks(execute=True):
        services.rate_group(members[1], group, rating=5, experience="Mooi traject.")
    assert not Experience.objects.exists()


def test_consent_without_an_experience_is_refused(client, finished):
    group, members = finished
    client.force_login(members[0])
    response = client.post(
        f"/intervisie/groep/{group.pk}/waardering/",
        {"rating": 5, "experience": "", "share_consent": "on", "display": "anoniem"},
    )
    assert response.status_code == 400
    seat = IntervisionParticipant.objects.get(group=group, member=members[0])
    assert seat.rating is None and seat.experience_consent_at is None
    response = client.post(
        f"/intervisie/groep/{group.pk}/waardering/",
        {"rating": 5, "experience": "Top", "display": "iedereen"},
    )
    assert response.status_code == 400
