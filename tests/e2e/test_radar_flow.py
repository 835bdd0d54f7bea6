"""In a real browser: a member says "ik ook" on a question in a community of Regio Utrecht, and the
region's community manager (a member of "Communitymanager — Regio Utrecht", no superuser) finds
it on the radar and turns it into a draft meetup in the region's agenda."""

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


def _regions():
    from wagtail.models import Site

    for name, host in [("Regio Utrecht", "utrecht"), ("Regio Gelderland", "gelderland")]:
        call_command(
            "create_region", "--name", name, "--hostname", f"{host}.localhost", stdout=StringIO()
        )
    return {site.hostname.split(".")[0]: site for site in Site.objects.all()}


def _question(sites):
    from community.models import CommunityIndexPage, CommunityPage, Membership, Thread

    index = CommunityIndexPage.objects.child_of(sites["utrecht"].root_page).get()
    community = CommunityPage(
        title="Groeien met personeel",
        slug="groeien-met-personeel",
        intro="Werkgevers met 5 tot 50 medewerkers over werven, inwerken en mensen houden.",
        is_public=True,
    )
    index.add_child(instance=community)
    community.save_revision().publish()
    asker = MemberFactory(first_name="Nadia", email="nadia@example.nl")
    rob = MemberFactory(first_name="Rob", email="rob@example.nl")
    for user in (asker, rob):
        Membership.objects.create(
            member=user, community=community, status="lid", joined_at=timezone.now()
        )
    asked = timezone.now() - timedelta(days=2)
    thread = Thread.objects.create(
        community=community,
        author=asker,
        title="Hoe vind ik een monteur nu de loonkosten zo stijgen?",
        body="<p>We zoeken al maanden. Wie heeft dit opgelost?</p>",
        created_at=asked,
        last_activity_at=asked,
    )
    return thread, rob


def test_a_member_says_ik_ook_and_the_manager_plans_a_meetup_from_the_radar(page, live_server):
    from events.models import EventIndexPage, EventPage
    from loket.accounts.services.roles import region_groups

    sites = _regions()
    thread, rob = _question(sites)
    manager = MemberFactory(first_name="Mira", email="cm.utrecht@ondernemersloket.nl")
    manager.groups.add(region_groups(sites["utrecht"])["communitymanager"])
    assert not manager.is_superuser
    port = live_server.url.rsplit(":", 1)[1]
    utrecht = f"http://utrecht.localhost:{port}"

    # Rob reads the question in his community and says "ik ook".
    page.goto(f"{utrecht}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(rob.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    page.goto(f"{utrecht}{urlsplit(thread.get_url()).path}")
    page.get_by_role("button", name="Ik ook").click()
    expect(page.locator(".messages")).to_contain_text("Genoteerd")
    expect(page.locator(".me-too__count")).to_have_text("1 ondernemer wil dit ook weten")

    # Mira finds it on the radar, among the questions with "ik ook".
    page.context.clear_cookies()
    page.goto(f"{utrecht}/admin/login/")
    page.locator("#id_username").fill(manager.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Vragen uit de communities").first.click()
    marked = page.locator("section[aria-labelledby=marked]")
    expect(marked).to_contain_text("Hoe vind ik een monteur")
    marked.get_by_role("link", name=re.compile("Hoe vind ik een monteur")).click()

    page.get_by_role("button", name="Maak er een concept-bijeenkomst van").click()
    expect(page.locator(".messages")).to_contain_text("staat als concept in de agenda")

    event = EventPage.objects.get(title=thread.title)
    own_agenda = EventIndexPage.objects.child_of(sites["utrecht"].root_page).get()
    assert not event.live and event.get_parent().pk == own_agenda.pk
    assert thread.proposals.get().event_id == event.pk
