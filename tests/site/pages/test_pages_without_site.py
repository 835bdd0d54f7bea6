"""A request that no Wagtail site answers for still gets the account and error pages."""

import pytest

from wagtail.models import Site

pytestmark = pytest.mark.django_db


def test_account_pages_render_when_no_site_matches(client):
    Site.objects.all().delete()
    response = client.get("/account/aanmelden/")
    assert response.status_code == 200
    assert "Voornaam" in response.content.decode()


def test_unknown_paths_get_the_404_page_when_no_site_matches(client):
    Site.objects.all().delete()
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
