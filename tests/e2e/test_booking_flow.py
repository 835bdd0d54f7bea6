"""In a real browser: a visitor books a speedconsult on the region's own host in three steps and
the confirmation with the .ics waits in the outbox; the region's community manager (no
superuser) then records in the admin that the conversation was held."""

import base64
import re
from datetime import timedelta
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _utrecht():
    from wagtail.models import Site

    call_command(
        "create_region",
        "--name",
        "Regio Utrecht",
        "--hostname",
        "utrecht.localhost",
        stdout=StringIO(),
    )
    return Site.objects.get(hostname="utrecht.localhost")


def test_a_visitor_books_a_speedconsult_and_staff_hold_it(page, live_server):
    from loket.accounts.services.roles import region_groups
    from loket.intake.models import Adviser, AdviserRole, Booking, Kind, Slot, Status
    from loket.mail.models import OutgoingMail
    from loket.themes.models import Theme

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
        adviser=adviser,
        kind=Kind.SPEEDCONSULT,
        duration_minutes=15,
        format="video",
        starts_at=start,
    )
    port = live_server.url.rsplit(":", 1)[1]
    host = f"http://utrecht.localhost:{port}"

    # Step 1: a theme; step 2: a moment; step 3: the details.
    page.goto(f"{host}/gesprek-aanvragen/")
    page.locator("#momenten").get_by_role("link", name="Marketing").click()
    page.get_by_role("link", name="Speedconsult").click()
    page.locator(f"[data-slot='{slot.pk}']").get_by_role("link", name=re.compile("^Kies")).click()
    expect(page.locator("h1")).to_contain_text("Speedconsult boeken")
    page.get_by_label("Je naam").fill("Lotte Janssen")
    page.get_by_label("Je e-mailadres").fill("lotte@studiolotte.nl")
    page.get_by_label("Hoeveel mensen werken er?").select_option("2-4")
    page.get_by_label("Je vraag, in een paar zinnen").fill(
        "Hoe krijg ik mijn webwinkel beter gevonden zonder groot advertentiebudget?"
    )
    page.locator("label[for='id_privacy_consent']").click()
    page.get_by_role("button", name="Boek dit moment").click()
    expect(page.locator("h1")).to_contain_text("Geboekt, Lotte!")

    booking = Booking.objects.get()
    mail = OutgoingMail.objects.get(template="intake_booked")
    assert mail.to == "lotte@studiolotte.nl"
    ics = base64.b64decode(mail.attachments[0]["content"]).decode()
    assert "Speedconsult met Yara Boukhari" in ics
    # Gone for everybody else.
    page.goto(f"{host}/gesprek-aanvragen/")
    expect(page.locator(f"[data-slot='{slot.pk}']")).to_have_count(0)

    manager = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    manager.groups.add(region_groups(site)["communitymanager"])
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(manager.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/snippets/intake/booking/")
    expect(page.locator("main")).to_contain_text("Lotte Janssen")
    page.goto(f"{live_server.url}/admin/snippets/intake/booking/uitkomst/{booking.pk}/")
    page.get_by_role("button", name="Gesprek gehouden").click()
    expect(page.locator(".messages")).to_contain_text("het gesprek is gehouden")
    booking.intake.refresh_from_db()
    assert booking.intake.status == Status.HELD
