"""What the campaign page reads once per request still tells the truth: a view restriction
added later hides a community from its listing and the campaign itself from visitors, and a
renamed theme shows at once."""

import pytest

from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_a_community_made_private_leaves_the_campaign_page_at_once(client, launch):
    assert "Marketing voor de mkb&#x27;er" in client.get(launch.url).content.decode()
    community = launch.get_site().root_page.get_descendants().get(title="Marketing voor de mkb'er")
    PageViewRestriction.objects.create(page=community, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(launch.url).content.decode()
    assert "Marketing voor de mkb&#x27;er" not in html
    assert "Waarom kan ik je online niet vinden?" in html


def test_a_restriction_on_the_campaign_index_sends_visitors_to_log_in(client, launch):
    assert client.get(launch.url).status_code == 200
    PageViewRestriction.objects.create(
        page=launch.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(launch.url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "inloggen" in response["Location"]


def test_a_renamed_theme_shows_on_the_next_visit(client, launch, theme):
    client.get(launch.url)
    theme.name = "Online gevonden worden"
    theme.save()
    assert "Online gevonden worden" in client.get(launch.url).content.decode()
