"""The member's home in a real browser: every panel filled, in order, at home on a phone."""

import re

from playwright.sync_api import expect

from loket.themes.models import Theme
from tests.factories import PASSWORD, MemberFactory, default_home
from tests.home_world import build_pages, fill_home

SECTIONS = [
    "Wat komt eraan",
    "Mijn groepen en communities",
    "Wacht op jou",
    "Mijn tips en credits",
    "Mijn ervaringen",
    "Eerdere bijeenkomsten",
]


def test_home_with_every_panel_filled(page, live_server):
    # The live server flushes the database between tests: the theme and tree come back first.
    Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})
    build_pages(default_home())
    member = MemberFactory(first_name="Sanne")
    fill_home(member, 2)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    headings = page.locator("main h2[id^='thuis-']")
    expect(headings).to_have_text(SECTIONS)
    expect(page.locator("#thuis-bijeenkomsten")).to_contain_text("Afmelden")
    expect(page.locator("#thuis-bijeenkomsten")).to_contain_text("Van de wachtlijst af")
    expect(page.locator("#thuis-gesprekken")).to_be_visible()
    expect(page.locator("#thuis-intervisie-sessies")).to_contain_text("Casus inbrengen")
    expect(page.locator("#thuis-communities")).to_contain_text("1 gesprek met nieuwe berichten")
    expect(page.locator("#thuis-aanbod")).to_contain_text("Plek bekijken en aannemen")
    expect(page.locator("#thuis-ervaring-vraag")).to_contain_text("Vraag beantwoorden")
    expect(page.locator("#thuis-credits")).to_contain_text("Ingepland")
    expect(page.locator("#thuis-tips")).to_contain_text("Tip een ander")
    expect(page.locator("#thuis-ervaringen")).to_be_visible()
    expect(page.locator("#thuis-eerder")).to_contain_text("Deel je ervaring")
    expect(page.locator("#thuis-meldingen")).to_contain_text("Alle meldingen")

    # At 375 px nothing scrolls sideways.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px horizontal overflow"

    # The .ics link of a meetup gives a calendar file.
    ics = page.locator("#thuis-bijeenkomsten a", has_text="In je agenda (.ics)").first
    response = page.request.get(ics.get_attribute("href"))
    assert response.ok
    assert "BEGIN:VCALENDAR" in response.text()

    # Opening the community clears its unread mark on the home.
    page.locator("#thuis-communities a").first.click()
    page.goto("/account/")
    expect(page.locator("#thuis-communities")).to_contain_text(
        "Niets nieuws sinds je laatste bezoek"
    )
