"""The directory in the admin, as a regional Communitymanager: their region's partners and the
national ones, new partners in their own region, and an SLA-partner needs a reply time."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from loket.partners.models import Organisation, Tier

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_partners_organisation:list"
ADD = "wagtailsnippets_partners_organisation:add"


def _form(site, theme, **changes):
    data = nested_form_data(
        {
            "name": "Accountantskantoor Van Dam",
            "kind": "accountant",
            "site": site.pk if site else "",
            "tier": "sla",
            "reply_time": "3",
            "reply_unit": "dagen",
            "description": "Jaarrekening, fiscale vragen en prognoses voor het mkb.",
            "website": "",
            "show_publicly": "on",
            "active": "on",
            "contacts": inline_formset(
                [{"name": "Sander van Dam", "role": "partner", "email": "sander@vandam.nl"}]
            ),
            **changes,
        }
    )
    data["themes"] = [theme.pk]  # a multiple choice: nested_form_data would number it
    return data


def test_the_list_shows_the_own_region_and_national_partners(client, manager_x, partners):
    client.force_login(manager_x)
    content = client.get(reverse(LIST)).content.decode()
    assert "Rabobank Utrecht" in content and "KVK Nederland" in content
    assert "Rabobank Arnhem" not in content


def test_a_community_manager_adds_a_partner_with_a_contact(
    client, manager_x, regions, theme, partners
):
    client.force_login(manager_x)
    response = client.post(reverse(ADD), _form(regions["x"], theme))
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organisation.objects.get(name="Accountantskantoor Van Dam")
    assert org.site == regions["x"] and org.tier == Tier.SLA and org.reply_label == "3 dagen"
    assert [c.email for c in org.contacts.all()] == ["sander@vandam.nl"]
    assert list(org.themes.all()) == [theme]


@pytest.mark.parametrize(
    "region, changes, message",
    [
        ("y", {}, "Selecteer een geldige keuze"),
        ("x", {"reply_time": ""}, "Een SLA-partner heeft een reactietijd"),
    ],
)
def test_another_region_or_an_sla_without_reply_time_is_refused(
    client, manager_x, regions, theme, region, changes, message
):
    client.force_login(manager_x)
    response = client.post(reverse(ADD), _form(regions[region], theme, **changes))
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Accountantskantoor Van Dam").exists()
