"""The intervision admin for community managers: groups, applications, sessions."""

import pytest

from django.urls import reverse

from community.intervision.models import IntervisionGroup

pytestmark = pytest.mark.django_db


def test_manager_edits_a_group_with_sectors_and_sizes(client, staff_manager, themes, make_group):
    group = make_group(themes[0])
    client.force_login(staff_manager)
    listing = client.get(reverse("wagtailsnippets_intervision_intervisiongroup:list"))
    assert listing.status_code == 200
    assert group.title in listing.content.decode()
    url = reverse("wagtailsnippets_intervision_intervisiongroup:edit", args=[group.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = {
        "title": "Groeien met personeel",
        "theme": themes[0].pk,
        "description": "Voor ondernemers met een eerste leidinggevende.",
        "sectors": ["F", "G"],
        "size_bands": ["10-49"],
        "province": "utrecht",
        "municipality": "",
        "format": "fysiek",
        "day_part": "di-avond",
        "min_size": 5,
        "max_size": 8,
        "schedule": "Zes sessies, om de vier weken.",
        "location": "Utrecht",
        "method": "incident",
        "status": "oprichting",
        "facilitator_name": "Marjolein Verhoef",
        "facilitator_profile": "",
        "facilitator": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    group.refresh_from_db()
    assert group.sectors == ["F", "G"] and group.size_bands == ["10-49"]
    data["max_size"] = 3
    response = client.post(url, data)
    assert response.status_code == 200
    assert IntervisionGroup.objects.get(pk=group.pk).max_size == 8


@pytest.mark.parametrize(
    "name",
    [
        "wagtailsnippets_intervision_intervisionapplication:list",
        "wagtailsnippets_intervision_intervisionparticipant:list",
        "wagtailsnippets_intervision_intervisionsession:list",
        "wagtailsnippets_intervision_intervisiongroup:add",
    ],
)
def test_manager_opens_every_intervision_admin_view(client, staff_manager, name):
    client.force_login(staff_manager)
    assert client.get(reverse(name)).status_code == 200
