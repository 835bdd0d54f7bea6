"""A member's home region follows the municipality they give at sign-up, through the list of
municipalities in each region's site settings; without one (or an unknown one) it is the site
they signed up on."""

import pytest

from wagtail.models import Site

from loket.accounts.models import User
from loket.accounts.services.signup import region_for_municipality
from loket.core.models import SiteSettings

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Anouk",
    "last_name": "de Vries",
    "email": "anouk@example.nl",
    "password": "Tulpenveld-in-april",
    "privacy_consent": "on",
}


@pytest.fixture
def gelderland(home):
    site = Site.objects.create(
        hostname="gelderland.localhost", root_page=home, site_name="Regio Gelderland"
    )
    settings = SiteSettings.for_site(site)
    settings.municipalities = "Arnhem\nNijmegen\n  Berg en Dal  \n"
    settings.save()
    return site


def _sign_up(client, **extra):
    response = client.post("/account/aanmelden/", {**SIGNUP, **extra})
    assert response.status_code == 302
    return User.objects.get(email="anouk@example.nl").profile


def test_the_municipality_names_the_region_whatever_its_case_or_spaces(gelderland):
    assert region_for_municipality("nijmegen") == gelderland
    assert region_for_municipality(" Berg en Dal") == gelderland
    assert region_for_municipality("Utrecht") is None
    assert region_for_municipality("") is None


def test_signing_up_with_a_municipality_of_another_region_makes_that_the_home_region(
    client, gelderland
):
    profile = _sign_up(client, municipality="Arnhem")
    assert profile.home_site == gelderland
    assert profile.municipality == "Arnhem"


def test_without_a_known_municipality_the_home_region_is_the_site_signed_up_on(client, gelderland):
    profile = _sign_up(client, municipality="Zierikzee")
    assert profile.home_site == Site.objects.get(is_default_site=True)
    assert profile.municipality == "Zierikzee"


def test_the_sign_up_form_asks_for_the_municipality_in_dutch_and_optionally(client, gelderland):
    html = client.get("/account/aanmelden/").content.decode()
    assert "Gemeente van je bedrijf" in html
    profile = _sign_up(client)
    assert profile.home_site == Site.objects.get(is_default_site=True)
