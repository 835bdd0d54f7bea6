"""A request belongs to the region whose site it was sent on; that region's staff list and
handle it, another region's staff get a 404 and never see it in their list."""

import pytest

from django.urls import reverse

from loket.intake.models import IntakeRequest
from tests.regions import conftest as region_fixtures

pytestmark = pytest.mark.django_db

regions = region_fixtures.regions
staff_of = region_fixtures.staff_of

INDEX = "wagtailsnippets_intake_intakerequest:list"
HANDLE = "wagtailsnippets_intake_intakerequest:handle"
EDIT = "wagtailsnippets_intake_intakerequest:edit"
INSPECT = "wagtailsnippets_intake_intakerequest:inspect"


def test_the_form_on_a_regions_site_files_the_request_there(client, regions, data):
    response = client.post(reverse("intake:request"), data, HTTP_HOST="utrecht.localhost")
    assert response.status_code == 302
    assert IntakeRequest.objects.get().site == regions["x"]


def test_another_regions_staff_neither_list_nor_open_it(client, regions, staff_of, data):
    client.post(reverse("intake:request"), data, HTTP_HOST="utrecht.localhost")
    intake = IntakeRequest.objects.get()
    client.force_login(staff_of("x", "communitymanager"))
    assert "Joost Bakker" in client.get(reverse(INDEX)).content.decode()
    assert client.get(reverse(HANDLE, args=[intake.pk])).status_code == 200
    client.force_login(staff_of("y", "communitymanager"))
    assert "Joost Bakker" not in client.get(reverse(INDEX)).content.decode()
    for name in (HANDLE, EDIT, INSPECT):
        assert client.get(reverse(name, args=[intake.pk])).status_code == 404, name
    assert client.post(reverse(HANDLE, args=[intake.pk]), {"action": "held"}).status_code == 404
    assert IntakeRequest.objects.get().status == "nieuw"


def test_another_regions_staff_cannot_hand_it_over(client, regions, staff_of, data):
    from loket.partners.models import Handover

    client.post(reverse("intake:request"), data, HTTP_HOST="utrecht.localhost")
    intake = IntakeRequest.objects.get()
    client.force_login(staff_of("y", "communitymanager"))
    url = reverse("partners_handover", args=[intake.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"consent": "ja"}).status_code == 404
    assert not Handover.objects.exists()
