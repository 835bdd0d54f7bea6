"""A national campaign: one page, shown on every region's host with that region's own events,
communities and contact details; edited by national Communicatie only."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.attribution.models import Conversion, DailyVisits, Touch
from campaigns.page_demo import launch_body
from campaigns.pages import CampaignIndexPage, CampaignPage, national_campaign_index
from community.models import CommunityIndexPage
from events.models import EventIndexPage
from loket.core.models import SiteSettings
from loket.themes.models import Theme
from tests.factories import CampaignPageFactory, CommunityPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

HOSTS = {"x": "utrecht.localhost", "y": "gelderland.localhost"}


def _under(site, page_class):
    return page_class.objects.child_of(site.root_page).get()


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="marketing")


@pytest.fixture
def region_items(regions, theme):
    """Per region an event and a community about the theme, and the desk's phone number."""

    def add(key, place, count=1):
        site = regions[key]
        for n in range(count):
            EventPageFactory(
                parent=_under(site, EventIndexPage),
                title=f"Gevonden worden in {place} {n}",
                slug=f"gevonden-worden-{place.lower()}-{n}",
                start=timezone.now() + timedelta(days=5 + n),
                themes=[theme],
            )
            CommunityPageFactory(
                parent=_under(site, CommunityIndexPage),
                title=f"Marketingtafel {place} {n}",
                slug=f"marketingtafel-{place.lower()}-{n}",
                themes=[theme],
            )

    add("x", "Utrecht")
    add("y", "Arnhem")
    for key, phone in (("x", "030 123 45 67"), ("y", "026 765 43 21")):
        settings = SiteSettings.for_site(regions[key])
        settings.phone = phone
        settings.save()
    return add


@pytest.fixture
def national(regions, theme):
    return CampaignPageFactory(
        parent=national_campaign_index(),
        title="Ondernemen in zwaar weer",
        slug="zwaar-weer",
        code="zwaar-weer",
        theme=theme,
        body=launch_body(theme=theme),
    )


def _get(client, key, path):
    return client.get(path, HTTP_HOST=HOSTS[key])


def test_a_national_campaign_shows_each_regions_own_events_communities_and_contact(
    client, national, region_items
):
    utrecht = _get(client, "x", "/campagnes/zwaar-weer/")
    gelderland = _get(client, "y", "/campagnes/zwaar-weer/")
    assert utrecht.status_code == gelderland.status_code == 200
    utrecht, gelderland = utrecht.content.decode(), gelderland.content.decode()
    assert "Gevonden worden in Utrecht 0" in utrecht and "Marketingtafel Utrecht 0" in utrecht
    assert "Arnhem" not in utrecht and "026 765 43 21" not in utrecht
    assert "Gevonden worden in Arnhem 0" in gelderland and "Marketingtafel Arnhem 0" in gelderland
    assert "Utrecht 0" not in gelderland and "030 123 45 67" not in gelderland
    # Its links and canonical address are the visited region's.
    assert 'href="http://gelderland.localhost/campagnes/zwaar-weer/"' in gelderland
    assert "utrecht.localhost" not in gelderland


def test_every_regions_campaign_listing_shows_the_national_campaign_beside_its_own(
    client, regions, national
):
    own = CampaignPageFactory(
        parent=_under(regions["x"], CampaignIndexPage), title="Utrechtse zomer", slug="zomer"
    )
    utrecht = _get(client, "x", "/campagnes/").content.decode()
    gelderland = _get(client, "y", "/campagnes/").content.decode()
    assert "Ondernemen in zwaar weer" in utrecht and "Utrechtse zomer" in utrecht
    assert "Ondernemen in zwaar weer" in gelderland and "Utrechtse zomer" not in gelderland
    assert 'href="/campagnes/zwaar-weer/"' in gelderland
    # A region's own campaign stays on its own host.
    assert _get(client, "y", f"/campagnes/{own.slug}/").status_code == 404


def test_the_sitemap_and_search_of_each_region_hold_the_national_campaign_once(client, national):
    for key, host in HOSTS.items():
        sitemap = _get(client, key, "/sitemap.xml").content.decode()
        assert sitemap.count("/campagnes/zwaar-weer/") == 1
        assert f"http://{host}/campagnes/zwaar-weer/" in sitemap
        found = _get(client, key, "/zoeken/?q=zwaar+weer").content.decode()
        assert found.count('href="/campagnes/zwaar-weer/"') == 1


def test_only_national_communicatie_edits_a_national_campaign(regions, staff_of, national):
    regional = staff_of("x", "communicatie")
    own = CampaignPageFactory(parent=_under(regions["x"], CampaignIndexPage))
    assert own.permissions_for_user(regional).can_edit()
    assert not national.permissions_for_user(regional).can_edit()
    assert not national.permissions_for_user(regional).can_publish()
    nationwide = staff_of("y", "communicatie")
    nationwide.groups.add(Group.objects.get(name="Communicatie"))
    assert national.permissions_for_user(nationwide).can_edit()
    assert national.permissions_for_user(nationwide).can_publish()


def test_the_admin_refuses_a_regional_communicatie_the_national_campaigns_edit_page(
    client, staff_of, national
):
    client.force_login(staff_of("x", "communicatie"))
    response = client.get(f"/admin/pages/{national.pk}/edit/", HTTP_HOST=HOSTS["x"])
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]


def _queries(client, key, path):
    with CaptureQueriesContext(connection) as captured:
        assert _get(client, key, path).status_code == 200
    return len(captured)


def test_the_national_campaign_page_keeps_its_query_count_and_costs_as_much_as_a_regional_one(
    client, regions, theme, national, region_items
):
    regional = CampaignPageFactory(
        parent=_under(regions["y"], CampaignIndexPage),
        slug="regionaal",
        theme=theme,
        body=launch_body(theme=theme),
    )
    _get(client, "y", "/campagnes/zwaar-weer/")  # warm the site, settings and menu caches
    few = _queries(client, "y", "/campagnes/zwaar-weer/")
    region_items("y", "Nijmegen", count=6)
    _get(client, "y", "/campagnes/zwaar-weer/")
    many = _queries(client, "y", "/campagnes/zwaar-weer/")
    assert many == few, f"{few} queries with few items, {many} with many"
    _get(client, "y", f"/campagnes/{regional.slug}/")
    assert few == _queries(client, "y", f"/campagnes/{regional.slug}/")


def test_the_listing_keeps_its_query_count_with_more_national_campaigns(client, national):
    _get(client, "y", "/campagnes/")
    few = _queries(client, "y", "/campagnes/")
    for n in range(5):
        CampaignPageFactory(parent=national_campaign_index(), slug=f"landelijk-{n}")
    _get(client, "y", "/campagnes/")
    assert _queries(client, "y", "/campagnes/") == few


def test_a_national_campaign_is_not_served_outside_a_regions_campaign_index(client, national):
    assert _get(client, "x", "/landelijke-campagnes/zwaar-weer/").status_code == 404
    assert CampaignPage.objects.get(pk=national.pk).is_national


SIGNUP = {
    "first_name": "Anouk",
    "last_name": "de Vries",
    "email": "anouk@example.nl",
    "password": "Tulpenveld-in-april",
    "privacy_consent": "on",
}


def _beacon(client, key, code, query="?utm_source=linkedin&utm_medium=social"):
    host = HOSTS[key]
    return client.post(
        "/attributie/bezoek/",
        {"q": query, "p": f"/campagnes/{code}/", "c": code, "e": "bezoek"},
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
    )


def test_visits_and_conversions_of_a_national_campaign_are_counted_per_region(
    client, regions, national, django_capture_on_commit_callbacks
):
    assert _beacon(client, "y", national.code).status_code == 204
    assert _beacon(Client(), "x", national.code).status_code == 204
    assert _beacon(Client(), "x", national.code).status_code == 204
    visits = {
        row.site_id: row.visits for row in DailyVisits.objects.filter(campaign_code=national.code)
    }
    assert visits == {regions["x"].pk: 2, regions["y"].pk: 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/aanmelden/", SIGNUP, HTTP_HOST=HOSTS["y"])
    assert response.status_code == 302
    signup = Conversion.objects.get(kind="aanmelding")
    assert (signup.campaign_code, signup.site_id) == (national.code, regions["y"].pk)
    touch = Touch.objects.get(user__email="anouk@example.nl", position="laatste")
    assert touch.site_id == regions["y"].pk


def test_regional_communicatie_reads_its_own_regions_results_and_national_staff_all_side_by_side(
    client, regions, staff_of, national
):
    _beacon(Client(), "y", national.code)
    for _n in range(3):
        _beacon(Client(), "x", national.code)
    other = CampaignPageFactory(parent=_under(regions["y"], CampaignIndexPage), slug="veluwe")
    detail = reverse("attribution_admin:detail", args=[national.pk])

    client.force_login(staff_of("x", "communicatie"))
    html = client.get(detail).content.decode()
    assert 'id="per-regio"' not in html
    assert "<tfoot><tr><th>Totaal</th><th>3</th>" in html
    assert client.get(reverse("attribution_admin:detail", args=[other.pk])).status_code == 404
    assert other.title not in client.get(reverse("attribution_admin:index")).content.decode()

    nationwide = staff_of("y", "communicatie")
    nationwide.groups.add(Group.objects.get(name="Communicatie"))
    client.force_login(nationwide)
    html = client.get(detail).content.decode()
    assert "<tfoot><tr><th>Totaal</th><th>4</th>" in html
    assert 'id="per-regio"' in html
    assert "<td>Regio Utrecht</td><td>3</td>" in html.replace("Ondernemersloket ", "")
    assert "<td>Regio Gelderland</td><td>1</td>" in html.replace("Ondernemersloket ", "")
