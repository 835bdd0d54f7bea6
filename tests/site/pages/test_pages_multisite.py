"""Two regions on one installation: each host serves its own home, menu and settings."""

import pytest

from wagtail.models import Site

from loket.core.models import HomePage, SiteSettings, StandardPage


@pytest.fixture
def second_region(root_page, site_settings):
    home = root_page.add_child(
        instance=HomePage(title="Regio Zwolle", slug="zwolle", hero_title="Ondernemen in Zwolle")
    )
    site = Site.objects.create(hostname="zwolle.example", port=80, root_page=home)
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Ondernemersloket Regio Zwolle"
    settings.contact_email = "zwolle@ondernemersloket.nl"
    settings.save()
    home.add_child(instance=StandardPage(title="Over Zwolle", slug="over", show_in_menus=True))
    return site


def test_each_host_serves_its_own_home_menu_and_settings(client, standard_page, second_region):
    utrecht = client.get("/", HTTP_HOST="localhost").content.decode()
    zwolle = client.get("/", HTTP_HOST="zwolle.example").content.decode()

    assert "Ondernemers helpen ondernemers" in utrecht
    assert "Ondernemen in Zwolle" in zwolle

    assert "Over het Ondernemersloket" in utrecht and "Over Zwolle" not in utrecht
    assert "Over Zwolle" in zwolle and "Over het Ondernemersloket" not in zwolle

    assert "test@ondernemersloket.nl" in utrecht and "zwolle@ondernemersloket.nl" not in utrecht
    assert "zwolle@ondernemersloket.nl" in zwolle and "test@ondernemersloket.nl" not in zwolle
    assert "· Ondernemersloket Regio Zwolle</title>" in zwolle


def test_pages_are_served_on_their_own_host_only(client, standard_page, second_region):
    assert client.get("/over/", HTTP_HOST="zwolle.example").status_code == 200
    assert client.get("/over/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/over-ons/", HTTP_HOST="zwolle.example").status_code == 404


def test_robots_and_sitemap_per_host(client, standard_page, second_region):
    robots = client.get("/robots.txt", HTTP_HOST="zwolle.example").content.decode()
    assert "Sitemap: http://zwolle.example/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", HTTP_HOST="zwolle.example").content.decode()
    assert "http://zwolle.example/over/" in sitemap
    assert "over-ons" not in sitemap


def test_theme_pages_list_only_their_own_regions_public_pages(client, theme_index, second_region):
    from wagtail.models import PageViewRestriction

    from loket.themes.models import Theme

    theme = Theme.objects.get(slug="marketing")
    home = theme_index.get_parent()
    ours = home.add_child(instance=StandardPage(title="Marketing in Utrecht", slug="mu"))
    members_only = home.add_child(instance=StandardPage(title="Alleen voor leden", slug="leden"))
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    theirs = second_region.root_page.add_child(
        instance=StandardPage(title="Marketing in Zwolle", slug="mz")
    )
    for page in (ours, members_only, theirs):
        page.themes.add(theme)
        page.save_revision().publish()

    text = client.get("/themas/marketing/", HTTP_HOST="localhost").content.decode()
    assert "Marketing in Utrecht" in text
    assert "Marketing in Zwolle" not in text
    assert "Alleen voor leden" not in text
