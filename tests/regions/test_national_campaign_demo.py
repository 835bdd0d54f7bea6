"""The demo's national campaign is on both demo regions, each with its own agenda."""

import pytest

from campaigns.pages import CampaignPage

pytestmark = pytest.mark.django_db

HOSTS = ("localhost:8000", "gelderland.localhost:8000")


def test_the_demos_national_campaign_is_served_and_listed_on_both_regions(client, seeded_demo):
    campaign = CampaignPage.objects.get(code="zwaar-weer")
    assert campaign.is_national
    pages = {}
    for host in HOSTS:
        response = client.get("/campagnes/zwaar-weer/", HTTP_HOST=host)
        assert response.status_code == 200
        pages[host] = response.content.decode()
        assert (
            "Ondernemen in zwaar weer" in client.get("/campagnes/", HTTP_HOST=host).content.decode()
        )
    assert f"http://{HOSTS[1]}/campagnes/zwaar-weer/" in pages[HOSTS[1]]
    assert "gelderland.localhost" not in pages[HOSTS[0]]
