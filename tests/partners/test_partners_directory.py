"""``/partners/``: the region's partners and the national ones, by tier, filtered by theme."""

import pytest

from django.urls import reverse

from loket.partners.models import Tier

from .conftest import make_partner

pytestmark = pytest.mark.django_db


def _get(client, site, **params):
    return client.get(reverse("partners:directory"), params, HTTP_HOST=site.hostname)


def test_a_visitor_sees_the_regions_partners_by_tier_and_the_national_ones(
    client, regions, partners
):
    response = _get(client, regions["x"])
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Rabobank Utrecht", "Boekhoudkantoor Brug", "Gemeente Utrecht", "KVK Nederland"):
        assert name in content
    assert "Rabobank Arnhem" not in content  # another region
    assert "Stille Vennoot" not in content  # does not want to be shown
    assert content.index("SLA-partner") < content.index("Netwerkpartner")
    assert content.index("Netwerkpartner") < content.index("Doorverwijzing")
    assert "reageert binnen 2 dagen" in content
    # No contact person's address on the public page: the desk hands over, warm.
    assert "contact@rabobank.nl" not in content

    other = _get(client, regions["y"]).content.decode()
    assert "Rabobank Arnhem" in other and "reageert binnen 8 uur" in other
    assert "Rabobank Utrecht" not in other and "KVK Nederland" in other


def test_the_theme_filter_keeps_the_partners_of_that_theme(client, regions, partners, theme):
    content = _get(client, regions["x"], thema=theme.slug).content.decode()
    assert "Rabobank Utrecht" in content
    assert "Boekhoudkantoor Brug" not in content


def test_an_unknown_theme_says_so_in_dutch(client, regions, partners):
    response = _get(client, regions["x"], thema="bestaat-niet")
    assert response.status_code == 404
    assert "Dat thema kennen we niet" in response.content.decode()


def test_the_page_keeps_its_number_of_queries(
    client, regions, partners, theme, django_assert_max_num_queries
):
    site = regions["x"]
    _get(client, site)
    with django_assert_max_num_queries(50) as few:
        _get(client, site)
    for n in range(12):
        make_partner(f"Partner{n} Utrecht", site, Tier.NETWORK, themes=[theme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _get(client, site)
    assert "Partner11 Utrecht" in response.content.decode()
