"""Every page type renders for a visitor, with each StreamField block and the meta tags."""

from unittest import mock

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.blocks import StructBlockValidationError

from loket.core.blocks import CallToActionBlock
from loket.core.models import HomePageFeaturedItem, StandardPage

EMBED_URL = "https://www.youtube.com/watch?v=ondernemers"


def _fake_embed(url, max_width=None, max_height=None):
    return {
        "title": "Ondernemers vertellen",
        "author_name": "Ondernemersloket",
        "provider_name": "YouTube",
        "type": "video",
        "thumbnail_url": "",
        "width": 640,
        "height": 360,
        "html": '<iframe title="Ondernemers vertellen" src="https://www.youtube.com/embed/x"></iframe>',
    }


def _all_blocks_body(image, contact):
    return [
        {"type": "paragraph", "value": {"text": "<h2>Wat we doen</h2><p>Een kritische blik.</p>"}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": "Aan tafel."}},
        {
            "type": "quote",
            "value": {
                "text": "Eén avond leverde meer op dan een jaar piekeren.",
                "author": "Sanne de Vries",
                "role": "bakkerij met 14 medewerkers",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Praat met ons",
                "text": "We denken graag mee.",
                "page": contact.pk,
                "url": "",
                "button_label": "Neem contact op",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Meer weten?",
                "text": "",
                "page": None,
                "url": "https://www.kvk.nl/",
                "button_label": "Naar de KVK",
            },
        },
        {"type": "embed", "value": {"embed": EMBED_URL, "caption": "Een ondernemer vertelt."}},
    ]


@pytest.fixture
def rich_page(home_page, image):
    contact = home_page.add_child(instance=StandardPage(title="Contact", slug="contact"))
    return home_page.add_child(
        instance=StandardPage(
            title="Zo werkt het",
            slug="zo-werkt-het",
            intro="In drie stappen naar een goed gesprek.",
            search_description="Zo werkt het Ondernemersloket.",
            body=_all_blocks_body(image, contact),
        )
    )


@mock.patch("wagtail.embeds.embeds.get_finder_for_embed", _fake_embed)
def test_standard_page_renders_every_block(client, rich_page, django_assert_max_num_queries):
    client.get("/zo-werkt-het/")  # the first visit makes the image rendition and fetches the embed
    with django_assert_max_num_queries(16):
        response = client.get("/zo-werkt-het/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Zo werkt het</h1>" in html
    assert "In drie stappen naar een goed gesprek." in html
    assert "<h2>Wat we doen</h2>" in html
    assert 'class="block-image"' in html and "Aan tafel." in html
    # Without its own alt text the image falls back to the image's title.
    assert 'alt="Ondernemers in gesprek"' in html
    assert "Eén avond leverde meer op dan een jaar piekeren." in html
    assert "<cite>Sanne de Vries</cite>, bakkerij met 14 medewerkers" in html
    assert 'href="/contact/">Neem contact op</a>' in html
    assert 'href="https://www.kvk.nl/">Naar de KVK</a>' in html
    assert 'title="Ondernemers vertellen"' in html and "Een ondernemer vertelt." in html
    assert 'aria-label="Kruimelpad"' in html


def test_standard_page_meta_tags(client, rich_page, site_settings):
    html = client.get("/zo-werkt-het/").content.decode()
    assert "<title>Zo werkt het · Ondernemersloket Testregio</title>" in html
    assert '<meta name="description" content="Zo werkt het Ondernemersloket.">' in html
    assert '<meta property="og:title" content="Zo werkt het">' in html
    assert '<meta property="og:site_name" content="Ondernemersloket Testregio">' in html
    assert '<link rel="canonical" href="http://localhost/zo-werkt-het/">' in html


def test_meta_description_falls_back_to_the_intro(client, standard_page):
    html = client.get("/over-ons/").content.decode()
    assert '<meta name="description" content="Ondernemen doe je zelf, maar niet alleen.">' in html


def test_social_image_becomes_open_graph_image(client, standard_page, image):
    standard_page.social_image = image
    standard_page.save()
    html = client.get("/over-ons/").content.decode()
    assert '<meta property="og:image" content="http://testserver/media/images/ondernemers.' in html
    assert 'name="twitter:card" content="summary_large_image"' in html


def test_home_page_renders_hero_featured_items_and_themes(
    client, home_page, theme_index, standard_page, django_assert_max_num_queries
):
    home_page.hero_button_label = "Zo werkt het"
    home_page.hero_button_page = standard_page
    home_page.featured_items.add(
        HomePageFeaturedItem(linked_page=standard_page, text="Wie we zijn en wat we doen.")
    )
    home_page.save()
    with django_assert_max_num_queries(20):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ondernemers helpen ondernemers" in html
    assert "Een kritische blik en contact met andere ondernemers." in html
    assert 'href="/over-ons/">Zo werkt het</a>' in html
    assert "Wie we zijn en wat we doen." in html
    assert 'href="/themas/financien/">Financiën</a>' in html
    assert 'href="/themas/">Bekijk de thema' in html


def test_home_page_with_hero_image(client, home_page, image_factory):
    home_page.hero_image = image_factory("Ondernemers op een bijeenkomst")
    home_page.save()
    html = client.get("/").content.decode()
    assert 'alt="Ondernemers op een bijeenkomst"' in html
    assert '<meta property="og:image"' in html


def test_home_page_query_count_does_not_grow_with_featured_items(
    client, home_page, theme_index, django_assert_num_queries
):
    def add_featured(n):
        for i in range(n):
            page = StandardPage(title=f"Pagina {i}", slug=f"p-{i}-{n}")
            home_page.add_child(instance=page)
            home_page.featured_items.add(HomePageFeaturedItem(linked_page=page))
        home_page.save()

    add_featured(2)
    client.get("/")  # warm the menu cache and site settings
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    # Read now: the next request clears the connection's query log.
    few_queries = len(few.captured_queries)
    add_featured(8)
    client.get("/")
    with django_assert_num_queries(few_queries):
        response = client.get("/")
    assert response.content.decode().count('class="card__title"') >= 10


def test_call_to_action_needs_a_page_or_an_url_not_both(home_page):
    block = CallToActionBlock()
    base = {"heading": "Doe mee", "text": "", "button_label": "Aanmelden"}
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({**base, "page": None, "url": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({**base, "page": home_page.pk, "url": "https://www.kvk.nl/"}))
    value = block.clean(block.to_python({**base, "page": None, "url": "https://www.kvk.nl/"}))
    assert value.link_url() == "https://www.kvk.nl/"


def test_draft_page_is_not_served(client, home_page):
    draft = home_page.add_child(instance=StandardPage(title="Concept", slug="concept", live=False))
    assert not draft.live
    response = client.get("/concept/")
    assert response.status_code == 404
