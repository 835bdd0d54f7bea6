"""The fixed themes: their seed, the theme index at /themas/ and a page per theme."""

import importlib
from dataclasses import dataclass

import pytest

from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.core import registry
from loket.themes.models import Theme

seed_migration = importlib.import_module("loket.themes.migrations.0002_seed_themes")

EXPECTED = [
    ("Financiën", "financien"),
    ("Marketing", "marketing"),
    ("Personeelszaken", "personeelszaken"),
    ("Wet- en regelgeving", "wet-en-regelgeving"),
    ("Financiering", "financiering"),
    ("Digitalisering", "digitalisering"),
    ("Duurzaamheid", "duurzaamheid"),
    ("Internationaal ondernemen", "internationaal-ondernemen"),
    ("Ondernemen in zwaar weer", "ondernemen-in-zwaar-weer"),
    ("Bedrijfsovername en stoppen", "bedrijfsovername-en-stoppen"),
]


def _contrast_with_white(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@pytest.mark.django_db
def test_the_ten_themes_are_seeded_in_order():
    themes = list(Theme.objects.all())
    assert [(t.name, t.slug) for t in themes] == EXPECTED
    for theme in themes:
        assert theme.description, theme.slug
        assert theme.icon, theme.slug
        assert _contrast_with_white(theme.colour) >= 4.5, (theme.slug, theme.colour)


@pytest.mark.django_db
def test_theme_seed_is_reversible_and_leaves_edits_alone():
    Theme.objects.filter(slug="marketing").update(description="Eigen tekst van de redactie.")
    seed_migration.seed_themes(django_apps, None)
    assert Theme.objects.count() == 10
    assert Theme.objects.get(slug="marketing").description == "Eigen tekst van de redactie."

    Theme.objects.create(name="Eigen thema", slug="eigen-thema")
    seed_migration.remove_themes(django_apps, None)
    assert list(Theme.objects.values_list("slug", flat=True)) == ["eigen-thema"]
    seed_migration.seed_themes(django_apps, None)
    assert Theme.objects.count() == 11


def test_theme_index_lists_every_theme(client, theme_index):
    response = client.get("/themas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thema&#x27;s</h1>" in html
    for name, slug in EXPECTED:
        assert f'href="/themas/{slug}/">{name}</a>' in html


def test_theme_index_query_count_does_not_grow_with_themes(
    client, theme_index, django_assert_num_queries
):
    client.get("/themas/")
    with CaptureQueriesContext(connection) as ten:
        client.get("/themas/")
    ten_queries = len(ten.captured_queries)
    for i in range(15):
        Theme.objects.create(name=f"Extra thema {i}", slug=f"extra-{i}", sort_order=20 + i)
    with django_assert_num_queries(ten_queries):
        response = client.get("/themas/")
    assert "Extra thema 14" in response.content.decode()


def test_theme_page_without_listings_shows_a_friendly_text(client, theme_index, site_settings):
    response = client.get("/themas/financien/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Financiën</h1>" in html
    assert "Grip op cijfers, cashflow en marges" in html
    assert "Hier komt binnenkort meer" in html
    assert 'href="mailto:test@ondernemersloket.nl"' in html
    assert 'href="/themas/">Alle thema' in html
    # The other themes are one click away, this one is not repeated.
    assert 'href="/themas/marketing/">Marketing</a>' in html
    assert 'href="/themas/financien/">' not in html
    assert '<meta name="description" content="Grip op cijfers' in html
    assert "<title>Financiën · " in html


def test_unknown_theme_is_a_404(client, theme_index):
    response = client.get("/themas/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


@dataclass
class FakeEvent:
    title: str
    url: str
    summary: str = ""


@pytest.fixture
def fake_provider():
    calls = []

    def upcoming_for_theme(*, theme, limit, site):
        calls.append((theme.slug, limit, site.hostname))
        if theme.slug != "financien":
            return []
        return [
            FakeEvent("Grip op je cashflow", "/bijeenkomsten/cashflow/", "Dinsdag in Utrecht."),
            FakeEvent("Samen begroten", "/bijeenkomsten/begroten/"),
        ]

    registry.register(
        "by_theme",
        "test-events",
        label="Bijeenkomsten",
        provider=upcoming_for_theme,
        template="includes/listing.html",
    )
    yield calls
    registry.unregister("by_theme", "test-events")


def test_registered_listings_appear_on_the_theme_page(client, site, theme_index, fake_provider):
    html = client.get("/themas/financien/").content.decode()
    assert '<h2 id="listing-test-events">Bijeenkomsten</h2>' in html
    assert 'href="/bijeenkomsten/cashflow/">Grip op je cashflow</a>' in html
    assert "Dinsdag in Utrecht." in html
    assert 'href="/bijeenkomsten/begroten/">Samen begroten</a>' in html
    assert "Hier komt binnenkort meer" not in html
    # The provider is asked for the request's own site (a region), to list only its items.
    assert fake_provider == [("financien", 6, site.hostname)]

    # A theme the provider has nothing for falls back to the friendly text.
    html = client.get("/themas/marketing/").content.decode()
    assert "Bijeenkomsten" not in html
    assert "Hier komt binnenkort meer" in html


def test_staff_edit_themes_as_a_snippet(client, django_user_model, db):
    admin = django_user_model.objects.create_superuser("redactie@ondernemersloket.nl", "geheim-123")
    client.force_login(admin)
    response = client.get(reverse("wagtailsnippets_themes_theme:list"))
    assert response.status_code == 200
    assert "Financiën" in response.content.decode()
    theme = Theme.objects.get(slug="marketing")
    response = client.get(reverse("wagtailsnippets_themes_theme:edit", args=[theme.pk]))
    assert response.status_code == 200
