"""sitemap.xml, robots.txt, the favicon and the error pages."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory

from loket.core.models import StandardPage
from loket.core.views import server_error


def test_sitemap_lists_live_pages_only(client, standard_page, theme_index):
    standard_page.add_child(instance=StandardPage(title="Concept", slug="concept", live=False))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert "<loc>http://localhost/</loc>" in xml
    assert "<loc>http://localhost/over-ons/</loc>" in xml
    assert "<loc>http://localhost/themas/</loc>" in xml
    assert "<loc>http://localhost/themas/financien/</loc>" in xml
    assert "<loc>http://localhost/themas/bedrijfsovername-en-stoppen/</loc>" in xml
    assert "concept" not in xml


def test_robots_txt_points_to_this_hosts_sitemap(client, home_page):
    response = client.get("/robots.txt", HTTP_HOST="utrecht.ondernemersloket.nl")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /account/" in lines
    assert "Sitemap: http://utrecht.ondernemersloket.nl/sitemap.xml" in lines


def test_favicon_redirects_to_a_shipped_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/loket/img/favicon.ico"
    assert finders.find("loket/img/favicon.ico")
    assert finders.find("loket/img/favicon.svg")


def test_pages_link_the_icon_and_stylesheet(client, home_page):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/loket/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="stylesheet" href="/static/loket/css/site.css">' in html
    assert finders.find("loket/css/site.css")


def test_404_page_is_friendly_and_dutch(client, home_page, site_settings):
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet (meer)" in html
    assert 'action="/zoeken/"' in html
    assert "Naar de homepagina" in html
    # It extends the base: navigation and footer are there.
    assert 'aria-label="Hoofdmenu"' in html
    assert "test@ondernemersloket.nl" in html


def test_404_without_any_site(client, db):
    """Even a request for a host no site answers for gets the friendly page."""
    from wagtail.models import Site

    Site.objects.all().delete()
    response = client.get("/iets/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


@pytest.mark.django_db
def test_500_template_renders_standalone(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = get_template("500.html").render()
    assert "Er ging iets mis aan onze kant" in html
    assert "<style>" in html
    assert "{%" not in html


@pytest.mark.django_db
def test_server_error_view_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/kapot/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.content.decode()


def test_base_template_works_for_plain_views(rf, home_page, site_settings):
    """Views outside the page tree (accounts, search) extend base.html without a page."""
    request = rf.get("/account/inloggen/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", {"meta_title": "Inloggen"}, request=request)
    assert 'content="Inloggen"' in html
    assert "Naar de inhoud" in html
    assert 'rel="canonical"' not in html
    html = render_to_string("base.html", {}, request=request)
    assert "og:title" not in html
