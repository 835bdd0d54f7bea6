"""A member edits her reply in a real browser: the preview shows the formatting, the thread then
says "bewerkt", and the manager reads the earlier version."""

import pytest
from playwright.sync_api import expect

from community.services import discussions


@pytest.fixture
def thread(member_in_community):
    """Rob's question with Marieke's reply; Linda manages the community."""
    people = {
        "Rob": member_in_community.member,
        "Marieke": member_in_community.join("Marieke"),
        "Linda": member_in_community.join("Linda", role="beheerder"),
    }
    thread = discussions.start_thread(
        member_in_community.community,
        people["Rob"],
        kind="vraag",
        title="Hoe vinden jullie goede monteurs?",
        body="Al vier maanden staan twee vacatures open.",
    )
    discussions.post_reply(thread, people["Marieke"], "Probeer de vakschool.")
    return {"thread": thread, **people}


def test_member_edits_her_reply_with_a_preview_and_sees_bewerkt(member_in_community, thread):
    page = member_in_community.page
    url = thread["thread"].get_url()
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg))

    member_in_community.log_in(thread["Marieke"])
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
    member_in_community.log_in(thread["Linda"])
    page.goto(url)
    page.locator(".reply").first.get_by_role("link", name="Eerdere versies").click()
    expect(page.locator("main")).to_contain_text("Probeer de vakschool.")
