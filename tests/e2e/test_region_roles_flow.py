"""In a real browser: a region's community manager (no superuser) logs in, creates and publishes
a meetup in the own agenda, sees it on the region's own host, and is turned away from another
region's agenda."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _regions():
    from wagtail.models import Site

    for name, host in [("Regio Utrecht", "utrecht"), ("Regio Gelderland", "gelderland")]:
        call_command(
            "create_region", "--name", name, "--hostname", f"{host}.localhost", stdout=StringIO()
        )
    return {site.hostname.split(".")[0]: site for site in Site.objects.all()}


def test_a_community_manager_publishes_a_meetup_in_the_own_region_only(page, live_server):
    from events.models import EventIndexPage, EventPage
    from loket.accounts.services.roles import region_groups

    sites = _regions()
    manager = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    manager.groups.add(region_groups(sites["utrecht"])["communitymanager"])
    own = EventIndexPage.objects.child_of(sites["utrecht"].root_page).get()
    other = EventIndexPage.objects.child_of(sites["gelderland"].root_page).get()

    page.goto("/admin/login/")
    page.locator("#id_username").fill(manager.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    start = (timezone.localtime() + timedelta(days=14)).replace(hour=19, minute=30)
    page.goto(f"/admin/pages/add/events/eventpage/{own.pk}/")
    page.locator("#id_title").fill("Personeel vinden in een krappe markt")
    page.locator("#id_intro").fill("Drie ondernemers vertellen hoe zij hun vacatures vulden.")
    page.locator("#id_start").fill(start.strftime("%Y-%m-%d %H:%M"))
    page.locator("#id_end").fill((start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    page.locator("#id_venue_name").fill("Het Ondernemershuis")
    page.locator("#id_municipality").fill("Utrecht")
    page.locator("#id_title").click()  # close any date picker still open
    page.locator("[data-w-dropdown-target='toggle']", has_text="").last.click()
    page.get_by_role("button", name=re.compile("^Publiceren")).click()
    expect(page.locator(".messages")).to_contain_text("Personeel vinden in een krappe markt")

    event = EventPage.objects.get(title="Personeel vinden in een krappe markt")
    assert event.live and event.get_parent().pk == own.pk

    # The region's own host name (*.localhost resolves to this machine) shows the meetup.
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://utrecht.localhost:{port}/bijeenkomsten/")
    expect(page.locator("main")).to_contain_text("Personeel vinden in een krappe markt")

    # Gelderland's agenda is not Mira's.
    page.goto(f"{live_server.url}/admin/pages/add/events/eventpage/{other.pk}/")
    expect(page.locator("body")).to_contain_text("Sorry, je hebt geen toegang")
    assert not EventPage.objects.child_of(other).exists()
