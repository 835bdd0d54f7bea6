"""A member edits her reply in a real browser: the preview shows the formatting, the thread then
says "bewerkt", and the manager reads the earlier version."""

import re

import pytest
from playwright.sync_api import expect

from community.models import CommunityIndexPage, CommunityPage, Membership
from community.services import discussions
from tests.factories import PASSWORD, MemberFactory


@pytest.fixture
def thread(transactional_db):
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
    people = {}
    for name, role in (("Rob", "lid"), ("Marieke", "lid"), ("Linda", "beheerder")):
        people[name] = MemberFactory(first_name=name, email=f"{name.lower()}@example.nl")
        Membership.objects.create(
            member=people[name],
            community=community,
            status="lid",
            role=role,
            joined_at=timezone.now(),
        )
    thread = discussions.start_thread(
        community,
        people["Rob"],
        kind="vraag",
        title="Hoe vinden jullie goede monteurs?",
        body="Al vier maanden staan twee vacatures open.",
    )
    discussions.post_reply(thread, people["Marieke"], "Probeer de vakschool.")
    return {"thread": thread, **people}


def _log_in(page, user):
    page.context.clear_cookies()
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def test_member_edits_her_reply_with_a_preview_and_sees_bewerkt(page, thread):
    url = thread["thread"].get_url()
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg))

    _log_in(page, thread["Marieke"])
    page.goto(url)
    reply = page.locator(".reply").first
    expect(reply.locator(".post__edited")).to_have_count(0)
    reply.get_by_role("link", name="Bewerken").click()

    body = page.get_by_label("Je bericht")
    expect(body).to_have_value("Probeer de vakschool.")
    body.fill("Probeer **de vakschool** in Amersfoort:\n\n- stageplekken\n- open dagen")
    page.get_by_role("button", name="Voorbeeld").click()
    preview = page.locator("[data-preview-output]")
    expect(preview.locator("strong")).to_have_text("de vakschool")
    expect(preview.locator("li")).to_have_count(2)
    page.get_by_role("button", name="Bewaar de wijziging").click()

    expect(page.locator(".messages")).to_contain_text("bijgewerkt")
    reply = page.locator(".reply").first
    expect(reply.locator(".post__edited")).to_contain_text("bewerkt")
    expect(reply.locator(".prose strong")).to_have_text("de vakschool")
    assert violations == []

    # The manager reads what it said before.
    _log_in(page, thread["Linda"])
    page.goto(url)
    page.locator(".reply").first.get_by_role("link", name="Eerdere versies").click()
    expect(page.locator("main")).to_contain_text("Probeer de vakschool.")
