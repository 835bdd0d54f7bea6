"""#15 done when, as one story in a real browser: a visitor books a speedconsult and gets the
mail with the .ics; the region's community manager (no superuser) records it held and hands
the entrepreneur over warmly to an SLA-partner with consent; the partner confirms through the
link in the introduction mail; the follow-up call appears on Nabellen once the region's days
have passed (the test travels in time); the entrepreneur rates the speedconsult 8 with a
sentence and lets it be shared; the Tevredenheid view counts it and the experience waits in
moderation for the region's Communicatie."""

import base64
import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENTENCE = "In twintig minuten wist ik welke drie dingen ik aan mijn webwinkel moest doen."


def _utrecht():
    """The region this story plays in (its staff groups copy the national groups' grants)."""
    from wagtail.models import Site

    call_command(
        "create_region", "--name", "Regio Utrecht", "--hostname", "utrecht.localhost",
        stdout=StringIO(),
    )  # fmt: skip
    return Site.objects.get(hostname="utrecht.localhost")


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _log_in(page, url, email, password=PASSWORD):
    page.goto(f"{url}/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_book_hold_hand_over_confirm_call_back_and_rate(browser, live_server, monkeypatch):
    from loket.accounts.services.roles import ROLE_COMMUNICATIE, region_groups
    from loket.intake.models import Adviser, AdviserRole, Booking, Kind, Slot, Status
    from loket.mail.models import OutgoingMail
    from loket.partners.models import Contact, FollowUp, Handover, Organisation, Tier
    from loket.satisfaction.models import Rating
    from loket.themes.models import Theme
    from testimonials.models import Experience
    from testimonials.models.choices import Status as ExperienceStatus

    site = _utrecht()
    theme = Theme.objects.get_or_create(slug="marketing", defaults={"name": "Marketing"})[0]
    adviser = Adviser.objects.create(
        site=site,
        name="Yara Boukhari",
        role=AdviserRole.VETERAN,
        intro="Runde tien jaar een webwinkel in woonaccessoires.",
    )
    adviser.themes.add(theme)
    start = (timezone.localtime() + timedelta(days=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    slot = Slot.objects.create(
        adviser=adviser, kind=Kind.SPEEDCONSULT, duration_minutes=20, format="video",
        starts_at=start,
    )  # fmt: skip
    agency = Organisation.objects.create(
        name="Digitaal Vooruit Utrecht",
        site=site,
        kind="adviseur",
        tier=Tier.SLA,
        reply_time=2,
        description="Helpt mkb-webwinkels met vindbaarheid en online verkoop.",
    )
    agency.themes.add(theme)
    contact = Contact.objects.create(
        organisation=agency, name="Daan Smit", role="adviseur e-commerce", email="daan@dvu.nl"
    )
    manager = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    manager.groups.add(region_groups(site)["communitymanager"])
    communicatie = MemberFactory(first_name="Rob", email="communicatie.utrecht@ondernemersloket.nl")
    communicatie.groups.add(region_groups(site)[ROLE_COMMUNICATIE])
    port = live_server.url.rsplit(":", 1)[1]
    host = f"http://utrecht.localhost:{port}"

    # 1. A visitor books the speedconsult in three steps and gets the mail with the .ics.
    visitor = browser.new_context(locale="nl-NL")
    tab = visitor.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{host}/gesprek-aanvragen/")
    tab.locator("#momenten").get_by_role("link", name="Marketing").click()
    tab.get_by_role("link", name="Speedconsult").click()
    tab.locator(f"[data-slot='{slot.pk}']").get_by_role("link", name=re.compile("^Kies")).click()
    tab.get_by_label("Je naam").fill("Lotte Janssen")
    tab.get_by_label("Je e-mailadres").fill("lotte@studiolotte.nl")
    tab.get_by_label("Hoeveel mensen werken er?").select_option("2-4")
    tab.get_by_label("Je vraag, in een paar zinnen").fill(
        "Hoe krijg ik mijn webwinkel beter gevonden zonder groot advertentiebudget?"
    )
    tab.locator("label[for='id_privacy_consent']").click()
    tab.get_by_role("button", name="Boek dit moment").click()
    expect(tab.locator("h1")).to_contain_text("Geboekt, Lotte!")
    booking = Booking.objects.get()
    booked = OutgoingMail.objects.get(template="intake_booked")
    assert booked.to == "lotte@studiolotte.nl"
    assert booked.attachments[0]["filename"] == "afspraak.ics"
    ics = base64.b64decode(booked.attachments[0]["content"]).decode()
    assert "BEGIN:VEVENT" in ics and "Speedconsult met Yara Boukhari" in ics

    # 2. The region's community manager records that it was held ...
    desk = browser.new_context(base_url=live_server.url, locale="nl-NL")
    admin = desk.new_page()
    admin.set_default_timeout(15_000)
    _log_in(admin, live_server.url, manager.email)
    admin.goto(f"/admin/snippets/intake/booking/uitkomst/{booking.pk}/")
    admin.get_by_role("button", name="Gesprek gehouden").click()
    expect(admin.locator(".messages")).to_contain_text("het gesprek is gehouden")
    intake = booking.intake
    intake.refresh_from_db()
    assert intake.status == Status.HELD

    # 3. ... and hands Lotte over warmly to the SLA-partner, with her consent.
    admin.goto(f"/admin/snippets/intake/intakerequest/behandelen/{intake.pk}/")
    admin.get_by_role("link", name="Warm overdragen").click()
    admin.locator("#contact").select_option(str(contact.pk))
    admin.get_by_role("button", name="Kiezen").click()
    expect(admin.locator(".consent")).to_contain_text("aan Daan Smit van Digitaal Vooruit Utrecht")
    admin.get_by_label("De ondernemer gaf hierop akkoord.").check()
    admin.get_by_role("button", name=re.compile("^Overdragen aan Daan")).click()
    expect(admin.locator(".messages")).to_contain_text("Overgedragen.")
    handover = Handover.objects.get()
    assert handover.consent_text.startswith("Ik vind het goed dat het Ondernemersloket")

    # 4. The partner confirms contact through the link in the introduction mail.
    introduction = OutgoingMail.objects.get(template="partners_introduction", to=contact.email)
    assert "beter gevonden zonder groot advertentiebudget" in introduction.text
    confirm = re.search(r"/partners/bevestigen/[\w:-]+/", introduction.text).group(0)
    partner = browser.new_context(base_url=live_server.url, locale="nl-NL")
    partner_tab = partner.new_page()
    partner_tab.goto(confirm)
    partner_tab.get_by_role("button", name="Ja, we hebben contact gehad").click()
    expect(partner_tab.locator("main")).to_contain_text("Fijn dat je contact hebt gelegd met Lotte")
    partner.close()
    handover.refresh_from_db()
    assert handover.confirmed_at is not None

    # 5. The follow-up call: not today; after the region's fourteen days on Mira's list.
    admin.goto("/admin/partners/nabellen/")
    expect(admin.locator("main")).to_contain_text("Vandaag niemand om na te bellen.")
    later = timezone.localdate() + timedelta(days=14)
    monkeypatch.setattr("loket.partners.services.follow_up.today", lambda: later)
    admin.goto("/admin/partners/nabellen/")
    card = admin.locator("article", has_text="Lotte Janssen")
    expect(card).to_contain_text("na overdracht")
    card.locator("summary").click()
    expect(card).to_contain_text("warm overgedragen aan Daan Smit (Digitaal Vooruit Utrecht)")
    expect(card).to_contain_text("contact bevestigd")
    card.locator("select[name=outcome]").select_option("opgelost")
    card.get_by_role("button", name="Vastleggen").click()
    expect(admin.locator(".messages")).to_contain_text("Lotte Janssen staat niet meer op de lijst")
    assert FollowUp.objects.get().outcome == "opgelost"

    # 6. Lotte rates the speedconsult 8 with a sentence, through the link in her mail.
    speedconsult = Rating.objects.get(contact_key=f"intake:{intake.pk}")
    assert Rating.objects.filter(contact_key=f"handover:{handover.pk}").exists()
    questions = OutgoingMail.objects.filter(to=intake.email, template="satisfaction_question")
    assert questions.count() == 2  # the speedconsult, and the handover once it was confirmed
    link = next(
        re.search(r"https?://\S+/tevredenheid/\S+/", mail.text).group(0)
        for mail in questions
        if speedconsult.token in mail.text
    )
    tab.goto(f"{host}{_path(link)}")
    expect(tab.locator("h1")).to_contain_text("Hoe was het, Lotte?")
    tab.get_by_label("8", exact=True).check()
    tab.locator("input[name=ces][value='2']").check()
    tab.get_by_label("Ja", exact=True).check()
    tab.get_by_label(re.compile("Wil je er één zin over kwijt")).fill(SENTENCE)
    tab.get_by_role("button", name="Verstuur").click()
    expect(tab.locator("main")).to_contain_text("Mag dit als ervaring op de site?")
    tab.get_by_label(re.compile("op de eigen website")).check()
    tab.get_by_label("Met mijn voornaam en sector").check()
    tab.get_by_role("button", name="Ja, deel mijn ervaring").click()
    expect(tab.locator("main")).to_contain_text("Dank je wel voor het delen!")
    visitor.close()
    speedconsult.refresh_from_db()
    assert (speedconsult.score, speedconsult.sentence) == (8, SENTENCE)

    # 7. Mira's Tevredenheid view counts it: one of the two questions answered, with an 8.
    admin.goto("/admin/")
    admin.get_by_role("link", name="Tevredenheid").first.click()
    expect(admin.locator("[data-figure=score]")).to_have_text(re.compile(r"^8[,.]0$"))
    expect(admin.locator("[data-figure=response]")).to_have_text(re.compile(r"^50[,.]0%$"))
    expect(admin.locator("main")).to_contain_text("Speedconsult")
    desk.close()

    # 8. The experience waits in moderation, where the region's Communicatie reviews it.
    experience = Experience.objects.get()
    assert (experience.status, experience.theme, experience.quote) == (
        ExperienceStatus.NEW,
        theme,
        SENTENCE,
    )
    comms = browser.new_context(base_url=live_server.url, locale="nl-NL")
    review = comms.new_page()
    review.set_default_timeout(15_000)
    _log_in(review, live_server.url, communicatie.email)
    review.goto("/admin/snippets/testimonials/experience/")
    expect(review.locator("main")).to_contain_text("Nieuw")
    expect(review.locator("main")).to_contain_text("In twintig minuten wist ik")
    comms.close()
