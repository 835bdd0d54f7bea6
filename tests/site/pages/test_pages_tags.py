"""Free tags and themes on standard pages: on the theme and tag pages, linked from the page."""

import pytest

from loket.core.models import StandardPage
from loket.themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_page(home_page, theme_index):
    theme = Theme.objects.get(slug="financiering")
    page = home_page.add_child(
        instance=StandardPage(
            title="Zo vraag je een krediet aan",
            slug="krediet-aanvragen",
            intro="Wat de bank wil zien, en wat je zelf kunt voorbereiden.",
        )
    )
    page.themes.add(theme)
    page.tags.add("Horeca", "Btw")
    page.save_revision().publish()
    return page


def test_theme_page_lists_a_standard_page_with_that_theme(client, tagged_page):
    response = client.get("/themas/financiering/")
    assert response.status_code == 200
    assert "Zo vraag je een krediet aan" in response.text
    assert "Wat de bank wil zien" in response.text


def test_tag_page_lists_pages_with_that_tag(client, tagged_page):
    response = client.get("/themas/trefwoord/horeca/")
    assert response.status_code == 200
    assert "Horeca" in response.text
    assert "Zo vraag je een krediet aan" in response.text


def test_page_links_to_its_theme_and_tags(client, tagged_page):
    response = client.get("/krediet-aanvragen/")
    assert response.status_code == 200
    assert 'href="/themas/financiering/"' in response.text
    assert 'href="/themas/trefwoord/horeca/"' in response.text
    assert 'href="/themas/trefwoord/btw/"' in response.text


def test_unpublished_pages_stay_off_tag_pages(client, tagged_page):
    tagged_page.unpublish()
    response = client.get("/themas/trefwoord/horeca/")
    assert response.status_code == 200
    assert "Zo vraag je een krediet aan" not in response.text
    assert "Nu even niets met dit trefwoord" in response.text


def test_unknown_tag_is_a_404(client, theme_index):
    assert client.get("/themas/trefwoord/bestaat-niet/").status_code == 404
