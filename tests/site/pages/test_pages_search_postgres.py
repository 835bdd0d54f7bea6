"""Full-text search on PostgreSQL: Dutch word forms, ranking, and only live pages."""

import pytest

from loket.core.models import StandardPage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def pages(home_page):
    financing = home_page.add_child(
        instance=StandardPage(
            title="Geld lenen voor je bedrijf",
            slug="geld-lenen",
            intro="Over financieringen, kredieten en wat de bank van je vraagt.",
        )
    )
    staff = home_page.add_child(
        instance=StandardPage(
            title="Personeel aannemen",
            slug="personeel",
            intro="Je eerste medewerker: contracten, loon en verzuim.",
        )
    )
    draft = home_page.add_child(
        instance=StandardPage(
            title="Financiering in zwaar weer (concept)",
            slug="concept",
            intro="Nog niet klaar.",
            live=False,
        )
    )
    return financing, staff, draft


def test_dutch_stemming_finds_other_word_forms(client, pages):
    response = client.get("/zoeken/", {"q": "financiering"})
    assert response.status_code == 200
    assert "Geld lenen voor je bedrijf" in response.text
    assert "Personeel aannemen" not in response.text


def test_drafts_are_never_found(client, pages):
    response = client.get("/zoeken/", {"q": "zwaar weer"})
    assert "Financiering in zwaar weer (concept)" not in response.text


def test_the_postgres_backend_is_in_use(pages):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert type(backend).__module__.endswith("postgres.postgres")
    assert backend.config == "dutch"
