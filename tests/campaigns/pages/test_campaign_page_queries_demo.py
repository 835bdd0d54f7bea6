"""A constant number of queries however much the blocks list, and the seed_demo step."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import page_demo
from campaigns.pages import CampaignPage
from loket.core.seeding import SeedContext

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_landing_page_keeps_its_query_count_with_many_items(
    client, launch, make_event, make_community, make_experiences, theme
):
    client.get(launch.url)  # warm the site, settings and menu caches
    few = _queries(client, launch.url)
    for _i in range(12):
        make_event(themes=[theme])
        make_community(themes=[theme])
    make_experiences(20)
    client.get(launch.url)  # publishing cleared the menu cache: warm it again
    many = _queries(client, launch.url)
    assert many == few, f"{few} queries with few items, {many} with many"


def test_seed_demo_builds_the_campaigns_once(home):
    ctx = SeedContext(options={}, home=home)
    page_demo.seed_campaign_pages(ctx)
    page_demo.seed_campaign_pages(ctx)
    launch = CampaignPage.objects.get(code="een-kritische-blik")
    assert launch.kind == "lancering"
    assert launch.body[0].value["question"] == "Waarom kan ik je online niet vinden?"
    assert launch.offers.get().total == 50
    assert CampaignPage.objects.get(code="tip-een-ander-najaar").kind == "word_of_mouth"
    assert CampaignPage.objects.filter(ends_at__lt=launch.starts_at).count() == 1
    assert CampaignPage.objects.count() == 3


def test_the_demo_launch_page_renders(client, home):
    page_demo.seed_campaign_pages(SeedContext(options={}, home=home))
    launch = CampaignPage.objects.get(code="een-kritische-blik")
    html = client.get(launch.url).content.decode()
    assert "Waarom kan ik je online niet vinden?" in html
    assert "Nog <span data-offer-left>50</span> van de 50 plekken" in html
    index = client.get("/campagnes/").content.decode()
    assert "Een kritische blik" in index and "Samen sterker" in index
    assert "Voorjaarsronde" not in index


def test_the_demo_campaign_page_costs_at_most_16_queries_for_a_visitor(client, seeded_demo):
    """The heaviest anonymous page of the seeded demo: every block type over the demo's events,
    communities, experiences, an ambassador and an offer. Themes are fetched once, view
    restrictions once, the ambassador once, the offer with its count in one query and the
    region's fitheidscan (its block's link) in one."""
    launch = CampaignPage.objects.get(code="een-kritische-blik")
    client.get(launch.url)  # warm the site, settings and menu caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(launch.url)
    total = len(captured)
    sql = "\n".join(q["sql"][:100] + " … " + q["sql"][-160:] for q in captured.captured_queries)
    assert response.status_code == 200
    assert "Waarom kan ik je online niet vinden?" in response.content.decode()
    assert total <= 16, f"{total} queries:\n{sql}"
