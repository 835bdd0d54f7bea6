"""Nabellen: a held intake or a handover puts a follow-up call on the staff member's list after
the region's number of days; staff record the outcome; late ones stand out; every step logged."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from loket.intake import services as intake_services
from loket.partners import services
from loket.partners.models import FollowUp, FollowUpKind, FollowUpSettings, Outcome

pytestmark = pytest.mark.django_db

LIST = "partners_follow_ups"


@pytest.fixture
def held(make_intake, manager_x, django_capture_on_commit_callbacks):
    """A request whose intake ``manager_x`` held (``intake_held`` goes out after the commit)."""

    def make(**changes):
        intake = make_intake(**changes)
        with django_capture_on_commit_callbacks(execute=True):
            return intake_services.mark_held(intake, by=manager_x)

    return make


def test_a_held_intake_is_followed_up_after_the_regions_number_of_days(held, manager_x, regions):
    settings = FollowUpSettings.for_site(regions["x"])
    settings.follow_up_days = 7
    settings.save()
    intake = held()
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUpKind.INTAKE and follow_up.intake == intake
    assert follow_up.site == regions["x"] and follow_up.responsible == manager_x
    assert follow_up.due_on == timezone.localdate() + timedelta(days=7)
    assert (follow_up.name, follow_up.email) == ("Joost Bakker", "joost@bakkerijbakker.nl")


def test_scheduling_the_same_contact_twice_makes_one_call(held, manager_x, regions):
    intake = held()
    again = services.schedule_follow_up(
        kind=FollowUpKind.INTAKE, source_key=f"intake:{intake.pk}", intake=intake
    )
    assert FollowUp.objects.count() == 1 and again.pk == FollowUp.objects.get().pk
    # Another app (a held speedconsult) schedules its own contact through the same service.
    services.schedule_follow_up(
        kind=FollowUpKind.SPEEDCONSULT,
        source_key="booking:41",
        site=regions["x"],
        name="Lotte Janssen",
        email="lotte@studio.nl",
        responsible=manager_x,
    )
    services.schedule_follow_up(
        kind=FollowUpKind.SPEEDCONSULT, source_key="booking:41", name="Lotte Janssen"
    )
    assert FollowUp.objects.count() == 2


def test_a_handover_after_the_intake_moves_its_call_instead_of_adding_one(
    held, manager_x, partners
):
    intake = held()
    contact = partners["sla"][1]
    handover = services.hand_over(
        intake,
        contact=contact,
        consent_given=True,
        consent_shown=services.consent_text(contact),
        by=manager_x,
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUpKind.HANDOVER and follow_up.handover == handover


def test_the_list_shows_my_calls_with_their_history_and_highlights_late_ones(
    client, held, manager_x, partners
):
    on_time = held()
    late = held(name="Lotte Janssen", email="lotte@studio.nl")
    FollowUp.objects.filter(intake=late).update(due_on=timezone.localdate() - timedelta(days=3))
    FollowUp.objects.filter(intake=on_time).update(due_on=timezone.localdate())
    client.force_login(manager_x)
    content = client.get(reverse(LIST)).content.decode()
    assert "Joost Bakker" in content and "Lotte Janssen" in content
    assert "1 nabelafspraak is te laat." in content
    assert content.index("Lotte Janssen") < content.index("Joost Bakker")  # late first
    article = content.split('id="fu-')[1]
    assert 'class="overdue"' in content.split('id="fu-')[0][-200:] and "Te laat" in article
    assert "gehouden" in content and on_time.question[:40] in content  # the contact's history


def test_a_call_is_on_the_list_once_it_is_due(client, held, manager_x, monkeypatch):
    held()
    client.force_login(manager_x)
    content = client.get(reverse(LIST)).content.decode()
    assert "Vandaag niemand om na te bellen." in content
    assert "Binnenkort" in content and "Joost Bakker" in content
    later = timezone.localdate() + timedelta(days=14)
    monkeypatch.setattr("loket.partners.services.follow_up.today", lambda: later)
    content = client.get(reverse(LIST)).content.decode()
    assert 'name="follow_up"' in content and "Binnenkort" not in content


def _due_now():
    FollowUp.objects.update(due_on=timezone.localdate())


def test_staff_record_the_outcome_once(client, held, manager_x):
    held()
    _due_now()
    follow_up = FollowUp.objects.get()
    client.force_login(manager_x)
    response = client.post(
        reverse(LIST), {"follow_up": follow_up.pk, "outcome": "opgelost", "note": "Bank zegt ja"}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.outcome == Outcome.RESOLVED and follow_up.done_by == manager_x
    listing = client.get(reverse(LIST)).content.decode()
    assert "Joost Bakker staat niet meer op de lijst" in listing
    assert 'name="follow_up"' not in listing
    again = client.post(reverse(LIST), {"follow_up": follow_up.pk, "outcome": "geen_contact"})
    assert again.status_code == 409
    assert "al afgerond" in again.content.decode()
    assert FollowUp.objects.get().outcome == Outcome.RESOLVED
    assert ModelLogEntry.objects.filter(action="loket.partners.follow_up_done").count() == 1


def test_a_bad_outcome_or_another_regions_call_is_refused(client, held, manager_x, manager_y):
    held()
    follow_up = FollowUp.objects.get()
    client.force_login(manager_x)
    response = client.post(reverse(LIST), {"follow_up": follow_up.pk, "outcome": "prima"})
    assert response.status_code == 400
    assert "Kies de uitkomst" in response.content.decode()
    client.force_login(manager_y)
    assert "Joost Bakker" not in client.get(reverse(LIST), {"alle": "1"}).content.decode()
    response = client.post(reverse(LIST), {"follow_up": follow_up.pk, "outcome": "opgelost"})
    assert response.status_code == 404
    assert FollowUp.objects.get().done_at is None


def test_the_region_view_shows_colleagues_calls(client, held, manager_x, staff_of):
    held()
    _due_now()
    colleague = staff_of("x", "communitymanager")
    client.force_login(colleague)
    assert "Joost Bakker" not in client.get(reverse(LIST)).content.decode()
    assert "Joost Bakker" in client.get(reverse(LIST), {"alle": "1"}).content.decode()


def test_a_member_cannot_reach_the_list(client):
    from tests.factories import MemberFactory

    client.force_login(MemberFactory())
    assert client.get(reverse(LIST)).status_code in (302, 403)


def test_the_list_keeps_its_number_of_queries(
    client, held, manager_x, partners, django_assert_max_num_queries
):
    held()
    _due_now()
    client.force_login(manager_x)
    client.get(reverse(LIST))
    with django_assert_max_num_queries(60) as few:
        client.get(reverse(LIST))
    for n in range(10):
        intake = held(email=f"ondernemer{n}@example.nl")
        if n % 2:
            contact = partners["sla"][1]
            services.hand_over(
                intake,
                contact=contact,
                consent_given=True,
                consent_shown=services.consent_text(contact),
                by=manager_x,
            )
    _due_now()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(LIST))
    assert response.content.decode().count('name="follow_up"') == 11
