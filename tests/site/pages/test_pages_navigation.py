"""The main menu: the site root's live menu pages, search and the account link; cached per site."""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.models import StandardPage


def _menu_page(parent, i, **kwargs):
    return parent.add_child(
        instance=StandardPage(
            title=f"Menupagina {i}", slug=f"menu-{i}", show_in_menus=True, **kwargs
        )
    )


def _nav_html(html):
    start = html.index('aria-label="Hoofdmenu"')
    return html[start : html.index("</nav>", start)]


def test_menu_shows_live_menu_pages_in_tree_order(client, home_page, standard_page, theme_index):
    home_page.add_child(instance=StandardPage(title="Niet in menu", slug="niet"))
    home_page.add_child(
        instance=StandardPage(title="Concept", slug="concept", show_in_menus=True, live=False)
    )
    nav = _nav_html(client.get("/").content.decode())
    assert nav.index("Over het Ondernemersloket") < nav.index("Thema&#x27;s")
    assert "Niet in menu" not in nav
    assert "Concept" not in nav


def test_current_section_is_marked(client, standard_page):
    child = standard_page.add_child(instance=StandardPage(title="Ons team", slug="team"))
    html = client.get("/over-ons/team/").content.decode()
    assert child.title in html
    assert '<a href="/over-ons/" aria-current="page">Over het Ondernemersloket</a>' in html


def test_search_and_log_in_links_for_visitors(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/zoeken/"' in html
    assert ">Inloggen</a>" in html
    assert "Mijn account" not in html


def test_members_see_their_account_link(client, home_page, django_user_model):
    user = django_user_model.objects.create_user(
        "lid@example.com", "geheim-123", email_verified=True
    )
    client.force_login(user)
    html = client.get("/").content.decode()
    assert ">Mijn account</a>" in html
    assert ">Inloggen</a>" not in html


def test_menu_query_count_is_the_same_for_3_and_10_pages(
    client, home_page, django_assert_num_queries
):
    for i in range(3):
        _menu_page(home_page, i)
    client.get("/")  # the first visit saves the site's settings
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        client.get("/")
    three_queries = len(three.captured_queries)
    for i in range(3, 10):
        _menu_page(home_page, i)
    cache.clear()
    with django_assert_num_queries(three_queries):
        response = client.get("/")
    assert _nav_html(response.content.decode()).count("Menupagina") == 10


def test_menu_is_cached_and_refreshed_on_publish(client, home_page, django_assert_max_num_queries):
    _menu_page(home_page, 1)
    client.get("/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/")
    cached_queries = len(cached.captured_queries)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    assert cached_queries < len(cold.captured_queries)

    # Publishing a new menu page shows it at once, without waiting for the cache to expire.
    new = _menu_page(home_page, 2, live=False)
    assert "Menupagina 2" not in _nav_html(client.get("/").content.decode())
    new.save_revision().publish()
    assert "Menupagina 2" in _nav_html(client.get("/").content.decode())

    new.refresh_from_db()
    new.unpublish()
    assert "Menupagina 2" not in _nav_html(client.get("/").content.decode())


@pytest.mark.parametrize("change", ["delete", "move"])
def test_menu_follows_deleted_and_moved_pages(client, home_page, standard_page, change):
    page = _menu_page(home_page, 1)
    assert "Menupagina 1" in _nav_html(client.get("/").content.decode())
    if change == "delete":
        page.delete()
    else:
        page.move(standard_page, pos="last-child")
    assert "Menupagina 1" not in _nav_html(client.get("/").content.decode())
