"""Intake requests in the Wagtail admin: who may see them, the list, and the "Behandelen" page."""

import csv
import io
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from loket.intake.models import IntakeRequest, Status

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_intake_intakerequest:list"
HANDLE = "wagtailsnippets_intake_intakerequest:handle"
ADD = "wagtailsnippets_intake_intakerequest:add"
EDIT = "wagtailsnippets_intake_intakerequest:edit"


def test_both_staff_groups_may_handle_requests(staff, manager):
    for user in (staff, manager):
        assert user.has_perm("intake.view_intakerequest")
        assert user.has_perm("intake.change_intakerequest")
        assert not user.has_perm("intake.delete_intakerequest")


def test_a_member_cannot_reach_the_requests(client, member, make_intake):
    intake = make_intake()
    client.force_login(member)
    for url in (reverse(LIST), reverse(HANDLE, args=[intake.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert intake.question not in response.content.decode()
    response = client.post(reverse(HANDLE, args=[intake.pk]), {"action": "held"})
    assert response.status_code in (302, 403)
    assert IntakeRequest.objects.get().status == Status.NEW


def test_the_list_filters_by_status_channel_and_theme_and_searches(
    client, staff, make_intake, theme
):
    make_intake(name="Joost Bakker", channel="video")
    make_intake(name="Lotte Janssen", email="lotte@studio.nl", channel="bezoek", theme="")
    planned = make_intake(
        name="Peter van Dijk", email="peter@bouw.nl", channel="telefoon", phone="0612345678"
    )
    IntakeRequest.objects.filter(pk=planned.pk).update(
        status=Status.PLANNED, planned_at=timezone.now() + timedelta(days=2)
    )
    client.force_login(staff)
    url = reverse(LIST)
    content = client.get(url).content.decode()
    assert all(name in content for name in ("Joost Bakker", "Lotte Janssen", "Peter van Dijk"))
    assert "Behandelen" in content
    content = client.get(url, {"status": "ingepland"}).content.decode()
    assert "Peter van Dijk" in content and "Joost Bakker" not in content
    content = client.get(url, {"channel": "bezoek"}).content.decode()
    assert "Lotte Janssen" in content and "Peter van Dijk" not in content
    content = client.get(url, {"theme": theme.pk}).content.decode()
    assert "Joost Bakker" in content and "Lotte Janssen" not in content
    content = client.get(url, {"q": "Janssen"}).content.decode()
    assert "Lotte Janssen" in content and "Joost Bakker" not in content


def test_staff_cannot_add_a_request_in_someones_name(client, staff):
    client.force_login(staff)
    assert client.get(reverse(ADD)).status_code in (302, 403)


def test_the_list_keeps_its_number_of_queries(
    client, staff, make_intake, django_assert_max_num_queries
):
    client.force_login(staff)
    make_intake()
    client.get(reverse(LIST))
    for n in range(15):
        make_intake(email=f"ondernemer{n}@example.nl")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(LIST))
    baseline = len(few.captured_queries)
    for n in range(15, 30):
        make_intake(email=f"ondernemer{n}@example.nl")
    with django_assert_max_num_queries(baseline):
        client.get(reverse(LIST))


def test_a_communitymanager_plans_holds_and_refers_from_the_handle_page(
    client, manager, make_intake, outbox
):
    intake = make_intake()
    client.force_login(manager)
    url = reverse(HANDLE, args=[intake.pk])
    page = client.get(url).content.decode()
    assert intake.question in page and "Inplannen" in page and "Verloop" in page

    when = (timezone.localtime() + timedelta(days=4)).strftime("%Y-%m-%dT10:00")
    response = client.post(url, {"action": "plan", "planned_at": when, "channel": "video"})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == Status.PLANNED and intake.handled_by == manager
    assert len(outbox(template="intake_planned")) == 1

    response = client.post(url, {"action": "held", "note": "Goed gesprek"})
    assert response.status_code == 302
    response = client.post(url, {"action": "refer", "referred_to": ""})
    assert response.status_code == 400
    assert "Noteer naar wie" in response.content.decode()
    response = client.post(url, {"action": "plan", "planned_at": when, "channel": "video"})
    assert response.status_code == 409
    intake.refresh_from_db()
    assert intake.status == Status.HELD

    response = client.post(url, {"action": "refer", "referred_to": "Rob Smit, KvK"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Rob Smit, KvK" in page and "Volgende stap" not in page
    assert [s.to_status for s in intake.history.all()] == [
        "nieuw",
        "ingepland",
        "gehouden",
        "doorverwezen",
    ]


def test_bad_input_on_the_handle_page_changes_nothing(client, staff, make_intake, outbox):
    intake = make_intake()
    client.force_login(staff)
    url = reverse(HANDLE, args=[intake.pk])
    for data in (
        {"action": "plan", "planned_at": "morgen", "channel": "video"},
        {"action": "plan", "planned_at": "2030-01-01T10:00", "channel": "duif"},
        {"action": "verwijder-alles"},
    ):
        assert client.post(url, data).status_code == 400
    intake.refresh_from_db()
    assert intake.status == Status.NEW and intake.history.count() == 1
    assert not outbox(template="intake_planned")


def test_staff_notes_are_kept(client, staff, make_intake):
    intake = make_intake()
    client.force_login(staff)
    client.post(
        reverse(HANDLE, args=[intake.pk]), {"action": "notes", "staff_notes": "Belt na 16u"}
    )
    intake.refresh_from_db()
    assert intake.staff_notes == "Belt na 16u"


def test_the_csv_export_does_not_let_a_spreadsheet_run_what_visitors_typed(
    client, staff, make_intake
):
    from loket.intake import services

    intake = make_intake(
        name='=HYPERLINK("https://evil.example","Klik")',
        company="+Bakkerij",
        question="-1+1 waarom houd ik zo weinig over aan het eind van de maand, wat doe ik fout?",
    )
    IntakeRequest.objects.filter(pk=intake.pk).update(phone="@SUM(A1)")
    services.refer(intake, referred_to="\tcmd|' /C calc'!A0", by=staff)
    IntakeRequest.objects.filter(pk=intake.pk).update(referred_to="\r=1+1")
    client.force_login(staff)
    response = client.get(reverse(LIST), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(content)))[:1]
    values = list(row.values())
    assert '\'=HYPERLINK("https://evil.example","Klik")' in values
    assert "'+Bakkerij" in values and "'@SUM(A1)" in values and "'\r=1+1" in values
    assert any(value.startswith("'-1+1 waarom") for value in values)
    # Nothing a visitor typed starts a cell like a formula; ordinary cells are untouched.
    assert not [value for value in values if value[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "video" in values or "Video" in values


def test_the_notes_of_an_erased_request_cannot_be_changed(client, staff, make_intake):
    from loket.intake import services

    intake = make_intake()
    services.anonymise(intake)
    client.force_login(staff)
    response = client.post(
        reverse(HANDLE, args=[intake.pk]), {"action": "notes", "staff_notes": "Joost belt terug"}
    )
    assert response.status_code == 409
    assert "zijn gewist" in response.content.decode()
    intake.refresh_from_db()
    assert intake.staff_notes == ""


def test_an_erased_request_cannot_be_edited(client, staff, make_intake, theme):
    from loket.intake import services

    intake = make_intake(theme="")
    services.anonymise(intake)
    client.force_login(staff)
    url = reverse(EDIT, args=[intake.pk])
    response = client.get(url)
    assert response.status_code == 409
    assert "zijn gewist" in response.content.decode()
    response = client.post(url, {"theme": theme.pk, "staff_notes": "Joost Bakker, 0612345678"})
    assert response.status_code == 409
    intake.refresh_from_db()
    assert intake.staff_notes == "" and intake.theme_id is None


def test_staff_edit_the_notes_of_a_request_that_is_not_erased(client, staff, make_intake, theme):
    intake = make_intake(theme="")
    client.force_login(staff)
    response = client.post(
        reverse(EDIT, args=[intake.pk]), {"theme": theme.pk, "staff_notes": "Belt na 16u"}
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.staff_notes == "Belt na 16u" and intake.theme == theme
