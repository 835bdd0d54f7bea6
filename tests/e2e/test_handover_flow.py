"""In a real browser: a region's community manager (no superuser) hands an intake request over
to an SLA-partner with the entrepreneur's consent, the partner confirms through the link in the
introduction mail, and the follow-up call lands on the Nabellen list once it is due (the test
travels the region's fourteen days ahead)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _region():
    from wagtail.models import Site

    call_command(
        "create_region", "--name", "Regio Utrecht", "--hostname", "utrecht.localhost",
        stdout=StringIO(),
    )  # fmt: skip
    return Site.objects.get(hostname="utrecht.localhost")


def test_a_warm_handover_is_confirmed_and_followed_up(page, live_server, monkeypatch):
    from loket.accounts.services.roles import region_groups
    from loket.intake.forms import IntakeRequestForm
    from loket.intake.services import request_intake
    from loket.mail.models import OutgoingMail
    from loket.partners.models import Contact, FollowUp, Handover, Organisation, Tier
    from loket.themes.models import Theme

    site = _region()
    manager = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    manager.groups.add(region_groups(site)["communitymanager"])
    theme = Theme.objects.get_or_create(slug="financiering", defaults={"name": "Financiering"})[0]
    bank = Organisation.objects.create(
        name="Rabobank Utrecht",
        site=site,
        kind="bank",
        tier=Tier.SLA,
        reply_time=2,
        description="Zakelijke financiering voor het mkb.",
    )
    contact = Contact.objects.create(
        organisation=bank, name="Marloes Verbeek", role="accountmanager", email="m@rabo.nl"
    )
    form = IntakeRequestForm(
        {
            "name": "Femke Dijkstra",
            "email": "femke@dijkstrainstallatie.nl",
            "company": "Dijkstra Installatietechniek",
            "company_size": "5-9",
            "theme": str(theme.pk),
            "question": "De bank wil een prognose voor twee nieuwe monteurs. Hoe pak ik dat aan?",
            "channel": "telefoon",
            "phone": "0612345678",
            "privacy_consent": "on",
        }
    )
    assert form.is_valid(), form.errors
    intake, _created = request_intake(form.cleaned_data, user=None)
    # sent on the region's own site, as its request page files it
    type(intake).objects.filter(pk=intake.pk).update(site=site)

    page.goto("/admin/login/")
    page.locator("#id_username").fill(manager.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/snippets/intake/intakerequest/behandelen/{intake.pk}/")
    page.get_by_role("link", name="Warm overdragen").click()
    page.locator("#contact").select_option(str(contact.pk))
    page.get_by_role("button", name="Kiezen").click()
    expect(page.locator(".consent")).to_contain_text("aan Marloes Verbeek van Rabobank Utrecht")
    # Without the tick nothing happens: the consent is required.
    page.get_by_role("button", name=re.compile("^Overdragen aan Marloes")).click()
    expect(page.locator(".messages")).to_contain_text("Zonder akkoord van de ondernemer")
    assert not Handover.objects.exists()
    page.get_by_label("De ondernemer gaf hierop akkoord.").check()
    page.get_by_role("button", name=re.compile("^Overdragen aan Marloes")).click()
    expect(page.locator(".messages")).to_contain_text("Overgedragen.")
    expect(page.locator("main")).to_contain_text("wacht op bevestiging")

    mail = OutgoingMail.objects.get(template="partners_introduction", to=contact.email)
    assert "prognose voor twee nieuwe monteurs" in mail.text
    path = re.search(r"/partners/bevestigen/[\w-]+/", mail.text).group(0)
    page.goto(path)
    page.get_by_role("button", name="Ja, we hebben contact gehad").click()
    expect(page.locator("main")).to_contain_text("Fijn dat je contact hebt gelegd met Femke")
    assert Handover.objects.get().confirmed_at is not None

    # Today the call is still ahead; fourteen days on, it is on Mira's list.
    page.goto("/admin/partners/nabellen/")
    expect(page.locator("main")).to_contain_text("Vandaag niemand om na te bellen.")
    later = timezone.localdate() + timedelta(days=14)
    monkeypatch.setattr("loket.partners.services.follow_up.today", lambda: later)
    page.goto("/admin/partners/nabellen/")
    card = page.locator("article", has_text="Femke Dijkstra")
    expect(card).to_contain_text("na overdracht")
    card.locator("summary").click()
    expect(card).to_contain_text("warm overgedragen aan Marloes Verbeek (Rabobank Utrecht)")
    expect(card).to_contain_text("contact bevestigd")
    card.locator("select[name=outcome]").select_option("opgelost")
    card.get_by_role("button", name="Vastleggen").click()
    expect(page.locator(".messages")).to_contain_text("Femke Dijkstra staat niet meer op de lijst")
    assert FollowUp.objects.get().outcome == "opgelost"
