"""A new entrepreneur signs up, verifies through the mail, logs in and fills in the profile."""

import re

from playwright.sync_api import expect

from loket.accounts.models import User
from loket.mail.models import OutgoingMail
from loket.themes.models import Theme


def _link_in_latest_mail(to, path_part):
    mail = OutgoingMail.objects.filter(to=to).latest("created_at")
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", mail.text)
    assert match, mail.text
    return match.group(0)


def test_sign_up_verify_log_in_and_edit_profile(page, live_server):
    # The live server flushes the database between tests; make sure the theme is there.
    Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})
    page.goto("/account/aanmelden/")
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("E-mailadres").fill("fatima@bakkerij-elamrani.nl")
    page.get_by_label("Wachtwoord").fill("Krentenbol-op-zaterdag-9")
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("main")).to_contain_text("mail")

    user = User.objects.get(email="fatima@bakkerij-elamrani.nl")
    assert not user.email_verified

    # Before verifying, log-in is refused with an explanation.
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill("fatima@bakkerij-elamrani.nl")
    page.get_by_label("Wachtwoord").fill("Krentenbol-op-zaterdag-9")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.locator("main")).to_contain_text("bevestig")

    # Opening the link (as a mail scanner does too) confirms nothing until the button is clicked.
    link = _link_in_latest_mail("fatima@bakkerij-elamrani.nl", "/account/bevestigen/")
    page.goto(link.replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig je e-mailadres")
    user.refresh_from_db()
    assert not user.email_verified
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    expect(page).to_have_url(re.compile(r"/account/profiel/$"))
    expect(page.locator("body")).to_contain_text("Je e-mailadres is bevestigd")
    user.refresh_from_db()
    assert user.email_verified

    # Log out and in again with the verified account.
    page.goto("/account/uitloggen/")
    page.get_by_role("button", name="Ja, log me uit").click()
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill("fatima@bakkerij-elamrani.nl")
    page.get_by_label("Wachtwoord").fill("Krentenbol-op-zaterdag-9")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    page.goto("/account/profiel/")
    page.get_by_role("textbox", name="Bedrijfsnaam").fill("Bakkerij El Amrani")
    page.get_by_role("textbox", name="KvK-nummer").fill("1234567")
    page.get_by_role("button", name="Bewaar mijn profiel").click()
    expect(page.locator(".errorlist").first).to_contain_text("8 cijfers")

    page.get_by_role("textbox", name="KvK-nummer").fill("12345678")
    page.get_by_role("textbox", name="Gemeente").fill("Amersfoort")
    theme = Theme.objects.get(slug="financien")
    page.get_by_label(theme.name, exact=True).check()
    page.get_by_role("button", name="Bewaar mijn profiel").click()
    expect(page.locator("body")).to_contain_text("Je profiel is bijgewerkt.")

    profile = User.objects.get(pk=user.pk).profile
    assert profile.company_name == "Bakkerij El Amrani"
    assert profile.kvk_number == "12345678"
    assert profile.municipality == "Amersfoort"
    assert list(profile.themes.values_list("slug", flat=True)) == ["financien"]
