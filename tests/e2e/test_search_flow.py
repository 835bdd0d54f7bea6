"""In a real browser: a member searches the region and sees every kind of result with its type
and the word highlighted, narrows to one kind and to a theme, opens a discussion it found, and
the results page fits a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import default_home
from tests.search.world import build_region, sustainability

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = {
    "Pagina": "Zonnepanelen op je bedrijfsdak",
    "Bijeenkomst": "Meetup zonnepanelen en subsidie",
    "Community": "Duurzaam ondernemen",
    "Discussie": "Wie heeft ervaring met zonnepanelen op een huurpand?",
    "Ervaring": "“Dankzij de meetup liggen er nu zonnepanelen op ons dak.”",
    "Case": "Van dak vol grind naar dak vol zonnepanelen",
    "Campagne": "Zonnepanelenweken",
}


def _search(page, words):
    page.goto("/zoeken/")
    page.get_by_label("Waar ben je naar op zoek?").fill(words)
    page.get_by_role("button", name="Zoeken").click()


def test_a_member_finds_every_kind_and_narrows_down(page):
    build_region(default_home(), sustainability())

    _search(page, "zonnepanelen")
    expect(page.get_by_role("status").first).to_contain_text("7 resultaten voor ‘zonnepanelen’")
    results = page.locator("li.search-result")
    for kind, title in KINDS.items():
        result = results.filter(has=page.get_by_role("link", name=title, exact=True))
        expect(result).to_have_count(1)
        expect(result.locator(".badge")).to_have_text(kind)
    expect(page.locator(".search-result__snippet mark").first).to_have_text(
        re.compile("zonnepanelen", re.IGNORECASE)
    )

    # The theme, by its name: first, and it leads to the theme page.
    _search(page, "duurzaamheid")
    first = results.first
    expect(first.locator(".badge")).to_have_text("Thema")
    first.get_by_role("link", name="Duurzaamheid").click()
    expect(page).to_have_url(re.compile(r"/themas/duurzaamheid/$"))

    # One kind only, then one theme.
    _search(page, "zonnepanelen")
    page.get_by_role("link", name=re.compile(r"^Bijeenkomsten")).click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Meetup zonnepanelen en subsidie")
    page.get_by_role("link", name=re.compile(r"^Alles")).click()
    page.get_by_label("Thema").select_option("duurzaamheid")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status").first).to_contain_text("binnen het thema Duurzaamheid")
    expect(page.get_by_role("link", name=KINDS["Pagina"], exact=True)).to_have_count(0)

    # A discussion it found opens.
    page.get_by_role("link", name=KINDS["Discussie"], exact=True).click()
    expect(page.get_by_role("heading", name=KINDS["Discussie"])).to_be_visible()
    expect(page.get_by_text("Mijn verhuurder twijfelt.")).to_be_visible()


def test_the_results_fit_a_phone(browser, live_server):
    build_region(default_home(), sustainability())
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 375, "height": 812}
    )
    page = context.new_page()
    page.goto("/zoeken/?q=zonnepanelen")
    expect(page.locator("li.search-result")).to_have_count(7)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    context.close()
