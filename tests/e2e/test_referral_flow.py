"""In a real browser: a member tips a colleague, the colleague signs up through the mail's link
(the sign-up form shows the tip code) and attends a meetup, the member sees the credits and
spends them on a seminar seat by registering with credits."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.utils import timezone

from campaigns.models import Referral
from campaigns.services import code_for
from events import services as events
from events.models import Registration
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind, Reward
from loket.mail.models import OutgoingMail
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _event(**fields):
    from wagtail.models import Locale, Page, Site

    from events.models import EventIndexPage, EventPage

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(title="Home", slug="home")
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten")
        site.root_page.add_child(instance=index)
        index.save_revision().publish()
    start = timezone.now() + timedelta(days=3)
    values = {
        "title": "Grip op je cashflow",
        "slug": "grip-op-je-cashflow",
        "intro": "Ondernemers vertellen hoe zij hun cashflow op orde kregen.",
        "start": start,
        "end": start + timedelta(hours=2),
        "capacity": 20,
        "venue_name": "Het Ondernemershuis",
        "municipality": "Utrecht",
        **fields,
    }
    event = EventPage(**values)
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def _link(to, part):
    mail = OutgoingMail.objects.filter(to=to).latest("created_at")
    match = re.search(rf"https?://\S*{re.escape(part)}\S*", mail.text)
    assert match, mail.text
    return match.group(0)


def _log_in(page, email, password):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_tip_sign_up_attend_and_spend(browser, live_server):
    event = _event()
    seminar = _event(
        title="Seminar: van omzet naar winst",
        slug="seminar-van-omzet-naar-winst",
        event_type="seminar",
        credits_price=10,
    )
    Reward.objects.create(
        title="Gratis plek bij een seminar", type=Reward.Type.SEAT, price=10, stock=3
    )
    sanne = MemberFactory(email="sanne@example.nl", first_name="Sanne", last_name="de Vries")

    # Sanne tips Joost with a personal note.
    member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    _log_in(member, sanne.email, PASSWORD)
    member.goto("/tip-een-ander/")
    expect(member.get_by_role("heading", name="Jouw persoonlijke link")).to_be_visible()
    member.get_by_label("Voornaam van je collega-ondernemer").fill("Joost")
    member.get_by_label("E-mailadres").fill("joost@bakkerij-bakker.nl")
    member.get_by_label("Je persoonlijke boodschap").fill("Joost, dit is echt iets voor jou!")
    member.get_by_role("button", name="Verstuur mijn tip").click()
    expect(member.locator("body")).to_contain_text("We hebben joost@bakkerij-bakker.nl je tip")
    expect(member.locator("table")).to_contain_text("Getipt")

    # Joost follows the link in the mail and signs up on his own device.
    colleague = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    link = _link("joost@bakkerij-bakker.nl", "/r/")
    colleague.goto(link.replace(settings.SITE_URL.rstrip("/"), live_server.url))
    expect(colleague.locator("body")).to_contain_text("Sanne de Vries tipte je")
    expect(colleague.get_by_label("Tipcode")).to_have_value(code_for(sanne))
    colleague.get_by_label("Voornaam").fill("Joost")
    colleague.get_by_label("Achternaam").fill("Bakker")
    colleague.get_by_label("E-mailadres").fill("joost@bakkerij-bakker.nl")
    colleague.get_by_label("Wachtwoord").fill("Krentenbol-op-zaterdag-9")
    colleague.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    colleague.get_by_role("button", name="Aanmelden").click()
    verify = _link("joost@bakkerij-bakker.nl", "/account/bevestigen/")
    colleague.goto(verify.replace("http://testserver", live_server.url))
    colleague.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    referral = Referral.objects.get(referrer=sanne)
    assert referral.status == Referral.Status.SIGNED_UP and referral.email == ""

    # Joost attends a meetup; staff approve the credits early.
    joost = referral.referred
    registration = events.register_for_event(event, joost)
    events.check_in(event, Registration.objects.get(pk=registration.pk))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.QUALIFIED
    award = CreditTransaction.objects.get(member=sanne, kind=Kind.AWARD)
    credits.approve_award(award, staff=None)

    # Sanne sees her credits; the catalogue's free seat sends her to the agenda.
    member.goto("/account/credits/")
    expect(member.locator("p.lead")).to_contain_text("Je hebt 10 credits te besteden.")
    member.get_by_role("link", name="Naar de agenda").click()
    member.get_by_role("link", name="Seminar: van omzet naar winst").first.click()

    # She registers for the seminar and pays with her credits.
    member.get_by_label("Betaal met 10 credits").check()
    member.get_by_role("button", name="Meld me aan").click()
    expect(member.locator("body")).to_contain_text("Je bent aangemeld en betaalde met 10 credits")
    paid = Registration.objects.get(event=seminar, user=sanne)
    assert paid.status == Registration.Status.CONFIRMED and paid.paid_credits == 10

    # Her balance is lower and the history shows the seat.
    member.goto("/account/credits/")
    expect(member.locator("p.lead")).to_contain_text("Je hebt 0 credits te besteden.")
    expect(member.locator("table")).to_contain_text("Plek bij Seminar: van omzet naar winst")
    assert credits.balance(sanne).available == 0
