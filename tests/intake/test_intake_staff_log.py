"""The desk's steps on an intake request (plan, held, referred, notes) land in Wagtail's log as
the staff's act, without names or free text, and show in the site history and the request's
history for both staff groups."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from loket.intake import services

pytestmark = pytest.mark.django_db

HANDLE = "wagtailsnippets_intake_intakerequest:handle"


def entries(intake):
    rows = ModelLogEntry.objects.filter(
        content_type__model="intakerequest", object_id=str(intake.pk)
    )
    return list(rows.order_by("pk"))


def test_each_step_from_the_handle_page_is_logged(client, manager, make_intake):
    intake = make_intake()
    client.force_login(manager)
    url = reverse(HANDLE, args=[intake.pk])
    when = timezone.localtime() + timedelta(days=4)

    client.post(url, {"action": "plan", "planned_at": f"{when:%Y-%m-%d}T10:00", "channel": "video"})
    client.post(url, {"action": "held", "note": "Goed gesprek"})
    client.post(url, {"action": "plan", "planned_at": f"{when:%Y-%m-%d}T10:00"})  # refused: 409
    client.post(url, {"action": "refer", "referred_to": "Rob Smit, KvK"})
    client.post(url, {"action": "notes", "staff_notes": "Belt na 16u"})

    logged = entries(intake)
    assert [e.action for e in logged] == [
        "loket.intake.planned",
        "loket.intake.held",
        "loket.intake.referred",
        "loket.intake.notes_saved",
    ]
    assert {e.user_id for e in logged} == {manager.pk}
    assert logged[0].data == {
        "from": "nieuw",
        "to": "ingepland",
        "planned_at": f"{when:%d-%m-%Y} 10:00",
        "channel": "video",
    }
    assert logged[2].data == {"from": "gehouden", "to": "doorverwezen"}
    text = " ".join(f"{e.label} {e.data}" for e in logged)
    for private in (intake.name, "Goed gesprek", "Rob Smit", "Belt na 16u"):
        assert private not in text


def test_a_refused_step_logs_nothing(staff, make_intake):
    intake = make_intake()
    with pytest.raises(services.IntakeError):
        services.refer(intake, referred_to="", by=staff)
    assert entries(intake) == []
    services.refer(intake, referred_to="KvK", by=staff)
    with pytest.raises(services.IntakeError):
        services.mark_held(intake, by=staff)  # referred is the last step
    assert [e.action for e in entries(intake)] == ["loket.intake.referred"]


def test_staff_see_the_step_in_site_history_and_the_request_history(client, staff, make_intake):
    intake = make_intake()
    when = timezone.now() + timedelta(days=3)
    services.plan(intake, planned_at=when, channel="telefoon", by=staff)
    client.force_login(staff)

    report = client.get(reverse("wagtailadmin_reports:site_history"))
    history = client.get(reverse("wagtailsnippets_intake_intakerequest:history", args=[intake.pk]))

    assert report.status_code == history.status_code == 200
    message = f"Ingepland op {timezone.localtime(when):%d-%m-%Y %H:%M} (Telefoon); was Nieuw"
    assert message in report.content.decode()
    assert message in history.content.decode()
    assert f"Intakeaanvraag {intake.pk}" in report.content.decode()
