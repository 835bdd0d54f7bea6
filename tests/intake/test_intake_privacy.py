"""AVG: a member's requests are in their export and erased with their account; requests of
non-members are erased after INTAKE_RETENTION_DAYS by a task that is safe to run twice."""

from datetime import timedelta

import pytest

from django.utils import timezone

from loket.accounts import services as accounts
from loket.core.seeding import SeedContext
from loket.intake import services
from loket.intake.demo import seed_intake_requests
from loket.intake.models import IntakeRequest, Status
from loket.intake.tasks import erase_expired_intake_requests
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_members_requests(member, make_intake, staff):
    intake = make_intake(user=member, email=member.email, name="Sanne de Vries")
    services.plan(intake, planned_at=timezone.now() + timedelta(days=2), by=staff)
    make_intake(email="iemand-anders@example.nl")
    data = accounts.export_member_data(member)
    [row] = data["intakegesprekken"]
    assert row["vraag"] == intake.question and row["status"] == "Ingepland"
    assert row["e-mailadres"] == member.email and row["akkoord_op"]
    assert [step["naar"] for step in row["verloop"]] == ["Nieuw", "Ingepland"]


def test_deleting_the_account_erases_the_requests_personal_data(member, make_intake, staff):
    intake = make_intake(user=member, email=member.email, name="Sanne de Vries", phone="0612345678")
    services.mark_held(intake, by=staff)
    accounts.delete_account(member, keep_content=True)
    intake.refresh_from_db()
    assert intake.erased_at and intake.user is None
    assert (intake.name, intake.email, intake.question, intake.phone) == ("", "", "", "")
    # What stays says nothing about a person and still counts for the desk's figures.
    assert intake.status == Status.HELD and intake.channel and intake.theme_id
    assert not intake.history.filter(actor_label="Sanne de Vries").exists()
    assert intake.history.filter(actor=staff).exists()
    assert not OutgoingMail.objects.filter(to=member.email).exists()


def test_old_requests_of_non_members_are_erased_once(make_intake, member, outbox):
    days = services.retention_days()
    old = make_intake(email="oud@example.nl")
    recent = make_intake(email="recent@example.nl")
    members_own = make_intake(user=member, email=member.email)
    upcoming = make_intake(email="gepland@example.nl")
    long_ago = timezone.now() - timedelta(days=days + 1)
    IntakeRequest.objects.filter(pk__in=[old.pk, members_own.pk, upcoming.pk]).update(
        created_at=long_ago
    )
    IntakeRequest.objects.filter(pk=upcoming.pk).update(
        status=Status.PLANNED, planned_at=timezone.now() + timedelta(days=1)
    )
    assert erase_expired_intake_requests() == 1
    assert erase_expired_intake_requests() == 0
    old.refresh_from_db()
    assert old.erased_at and old.email == "" and old.question == ""
    assert str(old) == f"Aanvraag {old.pk} (gewist)"
    [mail] = outbox(idempotency_key=f"intake-confirmation:{old.pk}")
    assert mail.to == "verwijderd" and mail.text == ""
    # The mail to the recent request's address is left alone.
    assert outbox(to="recent@example.nl")
    for kept in (recent, members_own, upcoming):
        kept.refresh_from_db()
        assert kept.erased_at is None and kept.email


def test_the_retention_follows_the_setting(settings, make_intake):
    settings.INTAKE_RETENTION_DAYS = 30
    intake = make_intake()
    IntakeRequest.objects.filter(pk=intake.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert services.erase_expired() == 1


def test_an_erased_request_cannot_be_handled(make_intake, staff):
    intake = make_intake()
    services.anonymise(intake)
    with pytest.raises(services.IntakeError) as error:
        services.mark_held(intake, by=staff)
    assert error.value.code == "erased"


def test_erasing_blanks_the_history_notes_and_whom_it_was_referred_to(make_intake, staff):
    intake = make_intake()
    services.plan(intake, planned_at=timezone.now() + timedelta(days=2), by=staff)
    services.mark_held(intake, by=staff, note="Joost twijfelt over zijn vennootschap")
    intake = services.refer(intake, referred_to="Rob Smit, Bakkersadvies", by=staff)
    services.anonymise(intake)
    intake.refresh_from_db()
    assert "Rob Smit" not in intake.referred_to
    assert intake.status == Status.REFERRED
    assert list(intake.history.values_list("note", flat=True)) == ["", "", "", ""]
    # Staff's own steps keep who took them.
    assert intake.history.filter(actor=staff).count() == 3


def test_erasing_a_request_that_was_not_referred_leaves_no_name(make_intake):
    intake = make_intake()
    services.anonymise(intake)
    intake.refresh_from_db()
    assert intake.referred_to == "" and intake.history.get().note == ""


def test_notes_cannot_bring_personal_data_back_to_an_erased_request(make_intake, staff):
    intake = make_intake()
    services.save_notes(intake, "Belt na 16u", by=staff)
    services.anonymise(intake)
    with pytest.raises(services.IntakeError) as error:
        services.save_notes(intake, "Joost Bakker, 0612345678", by=staff)
    assert error.value.code == "erased" and "gewist" in error.value.message
    intake.refresh_from_db()
    assert intake.staff_notes == "" and intake.erased_at


def test_the_demo_has_requests_in_every_status_and_runs_twice(db):
    ctx = SeedContext(options={})
    seed_intake_requests(ctx)
    count = IntakeRequest.objects.count()
    assert count >= 5
    assert set(IntakeRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert all(
        len(question) > 60 for question in IntakeRequest.objects.values_list("question", flat=True)
    )
    seed_intake_requests(SeedContext(options={}))
    assert IntakeRequest.objects.count() == count
    referred = IntakeRequest.objects.filter(status=Status.REFERRED)
    assert all(intake.referred_to for intake in referred)
