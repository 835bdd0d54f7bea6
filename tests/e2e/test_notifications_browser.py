"""Notifications in a real browser: a reply arrives, the count in the header rises, reading the
notification takes the asker to the reply and clears the count."""

import re

import pytest
from playwright.sync_api import expect

from community.models import CommunityIndexPage, CommunityPage, Membership
from community.services import discussions
from tests.factories import PASSWORD, MemberFactory


@pytest.fixture
def tree(transactional_db):
    from django.conf import settings
    from django.utils import timezone

    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(title="Home", slug="home")
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        home = site.root_page
    index = CommunityIndexPage(title="Communities", slug="communities")
    home.add_child(instance=index)
    index.save_revision().publish()
    community = CommunityPage(
        title="Bouwondernemers Amersfoort",
        slug="bouwondernemers-amersfoort",
        intro="Ondernemers in de bouw helpen elkaar.",
        sector="F",
    )
    index.add_child(instance=community)
    community.save_revision().publish()
    asker = MemberFactory(first_name="Rob", email="rob@example.nl")
    helper = MemberFactory(first_name="Marieke", email="marieke@example.nl")
    for user in (asker, helper):
        Membership.objects.create(
            member=user, community=community, status="lid", joined_at=timezone.now()
        )
    thread = discussions.start_thread(
        community,
        asker,
        kind="vraag",
        title="Hoe vinden jullie goede monteurs?",
        body="Al vier maanden staan twee vacatures open.",
    )
    return {"asker": asker, "helper": helper, "thread": thread}


def _log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def test_a_reply_raises_the_count_and_reading_clears_it(browser, live_server, tree):
    contexts = [browser.new_context(base_url=live_server.url, locale="nl-NL") for _ in range(2)]
    rob, marieke = (context.new_page() for context in contexts)
    try:
        thread_url = tree["thread"].get_url()
        bell = rob.locator(".utility-nav__notifications")

        # Rob is signed in: "Meldingen" in the header, nothing unread yet.
        _log_in(rob, tree["asker"])
        rob.goto(thread_url)
        expect(bell).to_have_attribute("data-unread", "0")
        expect(bell.locator(".utility-nav__count")).to_have_count(0)

        # Marieke answers his question in her own browser.
        _log_in(marieke, tree["helper"])
        marieke.goto(thread_url)
        marieke.get_by_label("Je reactie").fill("Wij nemen elk jaar twee leerlingen aan.")
        marieke.get_by_role("button", name="Plaats mijn reactie").click()
        expect(marieke.locator(".reply-list")).to_contain_text("leerlingen")

        # Rob's next page shows one unread notification.
        rob.reload()
        expect(bell).to_have_attribute("data-unread", "1")
        expect(bell.locator(".utility-nav__count")).to_contain_text("1")
        bell.click()
        expect(rob.locator("h1")).to_have_text("Meldingen")
        expect(rob.locator(".lead")).to_have_text("Je hebt 1 ongelezen melding.")
        link = rob.locator(".notification--unread a").first
        expect(link).to_contain_text("reageerde op ‘Hoe vinden jullie goede monteurs?’")

        # Reading it takes him to the reply and clears the count.
        link.click()
        expect(rob).to_have_url(re.compile(r"#reactie-\d+$"))
        expect(rob.locator(".reply-list")).to_contain_text("leerlingen")
        expect(bell).to_have_attribute("data-unread", "0")
        rob.goto("/account/meldingen/")
        expect(rob.locator(".lead")).to_have_text("Je bent helemaal bij.")
        expect(rob.locator(".notification--unread")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
