"""#16: the adviser sees a member's fitheidscan with their intake, only when the member agreed
to share it (the consent stored with its text), only for the staff of the request's region, and
the consent is in the member's AVG export."""

import pytest

from django.urls import reverse

from loket.accounts.services import export_member_data
from loket.intake import services as intake_services
from loket.intake.forms import SCAN_SHARE_TEXT, IntakeRequestForm
from loket.intake.models import Booking, IntakeRequest, Slot
from tests.factories import MemberFactory
from tests.intake.conftest import QUESTION
from tests.regions import conftest as region_fixtures

pytestmark = pytest.mark.django_db

regions = region_fixtures.regions
staff_of = region_fixtures.staff_of

HANDLE = "wagtailsnippets_intake_intakerequest:handle"
# An answer of the demo scan's first question (the lowest option of financiën).
ANSWER = "Ik kijk pas naar de cijfers als de boekhouder belt"


@pytest.fixture
def member(client, take):
    """A member who took the scan and saved it to their account."""
    person = MemberFactory(first_name="Sanne", email="sanne@bakkerijdevries.nl")
    client.force_login(person)
    take()
    client.logout()
    return person


def _request(member, region, *, share):
    data = {
        "name": "Sanne de Vries",
        "email": member.email,
        "company_size": "5-9",
        "question": QUESTION,
        "channel": "video",
        "privacy_consent": "on",
        **({"share_scan": "on"} if share else {}),
    }
    form = IntakeRequestForm(data, user=member)
    assert form.is_valid(), form.errors
    intake, _created = intake_services.request_intake(form.cleaned_data, user=member)
    IntakeRequest.objects.filter(pk=intake.pk).update(site=region)
    return IntakeRequest.objects.get(pk=intake.pk)


def _handle_page(client, user, intake):
    client.force_login(user)
    response = client.get(reverse(HANDLE, args=[intake.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_only_a_member_is_offered_the_choice():
    assert "share_scan" not in IntakeRequestForm().fields
    assert IntakeRequestForm(user=MemberFactory()).fields["share_scan"].label == SCAN_SHARE_TEXT


def test_with_consent_the_regions_staff_see_the_answers_with_the_intake(
    client, member, regions, staff_of
):
    intake = _request(member, regions["x"], share=True)
    assert intake.scan_share_text == str(SCAN_SHARE_TEXT)
    assert intake.scan_shared_at is not None
    page = _handle_page(client, staff_of("x", "communitymanager"), intake)
    assert "Fitheidscan van de ondernemer" in page
    assert ANSWER in page
    assert "Groeien" in page  # the phase


def test_without_consent_nobody_sees_the_scan(client, member, regions, staff_of):
    intake = _request(member, regions["x"], share=False)
    assert intake.scan_shared_at is None
    page = _handle_page(client, staff_of("x", "communitymanager"), intake)
    assert "Fitheidscan van de ondernemer" not in page
    assert ANSWER not in page


def test_another_regions_staff_never_see_it(client, member, regions, staff_of):
    intake = _request(member, regions["x"], share=True)
    client.force_login(staff_of("y", "communitymanager"))
    response = client.get(reverse(HANDLE, args=[intake.pk]))
    content = response.content.decode()
    assert "Fitheidscan van de ondernemer" not in content
    assert ANSWER not in content


def test_the_booking_in_the_admin_shows_the_shared_scan_too(client, member, regions, staff_of):
    from datetime import timedelta

    from django.utils import timezone

    from loket.intake.models import Adviser

    intake = _request(member, regions["x"], share=True)
    adviser = Adviser.objects.create(site=regions["x"], name="Gerard Willemsen")
    slot = Slot.objects.create(
        adviser=adviser, duration_minutes=45, starts_at=timezone.now() + timedelta(days=2)
    )
    booking = Booking.objects.create(intake=intake, slot=slot, site=regions["x"])
    url = reverse("wagtailsnippets_intake_booking:outcome", args=[booking.pk])
    client.force_login(staff_of("x", "communitymanager"))
    assert ANSWER in client.get(url).content.decode()
    client.force_login(staff_of("y", "communitymanager"))
    assert ANSWER not in client.get(url).content.decode()


def test_a_scan_taken_after_the_consent_is_not_shared(client, member, regions, staff_of, take):
    from community.scan.models import ScanResult

    intake = _request(member, regions["x"], share=True)
    ScanResult.objects.filter(user=member).update(
        created_at=intake.scan_shared_at.replace(year=2099)
    )
    page = _handle_page(client, staff_of("x", "communitymanager"), intake)
    assert "geen fitheidscan in het account bewaard" in page
    assert ANSWER not in page


def test_the_consent_is_in_the_members_export(member, regions):
    intake = _request(member, regions["x"], share=True)
    exported = export_member_data(member)["intakegesprekken"]
    assert exported[0]["fitheidscan_gedeeld_met_adviseur"]["tekst"] == str(SCAN_SHARE_TEXT)
    assert (
        exported[0]["fitheidscan_gedeeld_met_adviseur"]["op"] == intake.scan_shared_at.isoformat()
    )
