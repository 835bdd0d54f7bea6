"""A visitor takes the fitheidscan on a phone, sees the result with next steps of their region,
signs up with the result kept, confirms the address and finds the scan on the account."""

import re
from importlib import import_module

from playwright.sync_api import expect

from django.apps import apps as django_apps

from community.scan.models import ScanResult
from loket.accounts.models import User
from loket.mail.models import OutgoingMail
from loket.themes.models import Theme
from tests.factories import default_home
from tests.factories.community import CommunityPageFactory
from tests.factories.events import EventPageFactory
from tests.scan.conftest import build_scan

EMAIL = "ilse@fietsenmakerij-bakker.nl"
PASSWORD = "Ketting-en-spaken-op-dinsdag-4"


def _themes():
    # The live server flushes the database between tests: the migrations' themes come back.
    if not Theme.objects.exists():
        import_module("loket.themes.migrations.0002_seed_themes").seed_themes(django_apps, None)
    return {t.slug: t for t in Theme.objects.all()}


def test_visitor_takes_the_scan_signs_up_and_finds_it_on_the_account(
    browser, live_server, transactional_db
):
    themes = _themes()
    home = default_home()
    scan = build_scan(home)
    CommunityPageFactory(
        title="Cijfers de baas", slug="cijfers-de-baas", themes=[themes["financien"]]
    )
    EventPageFactory(
        title="Grip op je cashflow", slug="grip-op-je-cashflow", themes=[themes["financien"]]
    )

    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 375, "height": 812}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(scan.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Fitheidscan")
        # Sending with an answer missing keeps what was chosen and says what is missing.
        fieldsets = page.locator("fieldset")
        count = fieldsets.count()
        assert 10 <= count <= 15
        for i in range(1, count):
            fieldset = fieldsets.nth(i)
            radios = fieldset.locator("input[type=radio]")
            weak = "Financiën" in fieldset.locator("legend").inner_text()
            (radios.first if weak else radios.last).check()
        page.get_by_role("button", name="Bekijk mijn resultaat").click()
        expect(page.locator(".errorlist").first).to_contain_text("nog niet beantwoord")
        fieldsets.first.locator("input[type=radio]").first.check()
        page.get_by_role("button", name="Bekijk mijn resultaat").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Je resultaat")
        expect(page.locator("svg.scan-chart")).to_be_visible()
        expect(page.get_by_role("row", name="Financiën 0")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Hier valt het meest te winnen")
        expect(page.get_by_role("link", name="Cijfers de baas")).to_be_visible()
        expect(page.get_by_role("link", name="Grip op je cashflow")).to_be_visible()
        expect(page.get_by_role("link", name="Vraag een gesprek aan")).to_have_attribute(
            "href", "/gesprek-aanvragen/"
        )
        no_sideways = page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth"
        )
        assert no_sideways
        result_url = page.url

        page.get_by_role("button", name="Word lid en bewaar mijn resultaat").click()
        expect(page).to_have_url(re.compile(r"/account/aanmelden/$"))
        page.get_by_label("Voornaam").fill("Ilse")
        page.get_by_label("Achternaam").fill("Bakker")
        page.get_by_label("E-mailadres").fill(EMAIL)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.locator("main")).to_contain_text("mail")

        user = User.objects.get(email=EMAIL)
        assert ScanResult.objects.get().user == user

        mail = OutgoingMail.objects.filter(to=EMAIL).latest("created_at")
        link = re.search(r"https?://\S*/account/bevestigen/\S*", mail.text).group(0)
        page.goto(link.replace("http://testserver", live_server.url))
        page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
        page.goto("/account/inloggen/")
        if "/account/inloggen/" in page.url:
            page.get_by_label("E-mailadres").fill(EMAIL)
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen", exact=True).click()

        page.goto("/account/")
        panel = page.locator("#thuis-fitheidscan")
        expect(panel).to_contain_text("van 100")
        panel.get_by_role("link", name="Bekijk je laatste resultaat").click()
        expect(page).to_have_url(result_url)
        expect(page.locator("main")).to_contain_text("Dit resultaat staat op je account.")
    finally:
        context.close()
