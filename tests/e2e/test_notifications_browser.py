"""Notifications in a real browser: a reply arrives, the count in the header rises, reading the
notification takes the asker to the reply and clears the count."""

import re

import pytest
from playwright.sync_api import expect

from community.services import discussions


@pytest.fixture
def tree(member_in_community):
    """Rob asks a question in the community; Marieke is a member too."""
    helper = member_in_community.join("Marieke")
    thread = discussions.start_thread(
        member_in_community.community,
        member_in_community.member,
        kind="vraag",
        title="Hoe vinden jullie goede monteurs?",
        body="Al vier maanden staan twee vacatures open.",
    )
    return {"helper": helper, "thread": thread}


def test_a_reply_raises_the_count_and_reading_clears_it(member_in_community, tree):
    rob = member_in_community.page
    thread_url = tree["thread"].get_url()
    bell = rob.locator(".utility-nav__notifications")

    # Rob is signed in: "Meldingen" in the header, nothing unread yet.
    rob.goto(thread_url)
    expect(bell).to_have_attribute("data-unread", "0")
    expect(bell.locator(".utility-nav__count")).to_have_count(0)

    # Marieke answers his question in her own browser.
    marieke = member_in_community.second_browser(tree["helper"])
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
