"""A member joins a community and asks a question, another member answers, the asker marks it
helpful, a proposal gets votes and the manager turns it into an event — in a real browser."""

import pytest
from playwright.sync_api import expect

from community.models import TopicProposal
from events.models import EventIndexPage
from tests.factories import MemberFactory, default_home, publish


@pytest.fixture
def tree(member_in_community):
    """The community with Marieke as a member and Linda as its manager, an agenda, and Sem, who
    is not a member yet."""
    publish(default_home(), EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten"))
    return {
        "community": member_in_community.community,
        "asker": MemberFactory(first_name="Sem", email="sem@example.nl"),
        "helper": member_in_community.join("Marieke"),
        "manager": member_in_community.join("Linda", role="beheerder"),
    }


def test_join_ask_answer_helpful_vote_and_plan(member_in_community, tree):
    page, log_in = member_in_community.page, member_in_community.log_in
    asker, helper, manager = tree["asker"], tree["helper"], tree["manager"]

    # Sem finds the community and joins with one click.
    log_in(asker)
    page.goto("/communities/")
    page.get_by_role("link", name="Bouwondernemers Amersfoort").click()
    page.get_by_role("button", name="Word lid").click()
    expect(page.locator(".messages")).to_contain_text("Welkom")

    # He asks a question.
    page.get_by_role("link", name="Stel een vraag").first.click()
    page.get_by_label("Titel").fill("Hoe vinden jullie goede monteurs?")
    page.get_by_label("Je bericht").fill("Al vier maanden staan twee vacatures open.")
    page.get_by_role("button", name="Plaats mijn bericht").click()
    expect(page.locator("h2#thread-title")).to_have_text("Hoe vinden jullie goede monteurs?")
    thread_url = page.url

    # Marieke answers.
    log_in(helper)
    page.goto(thread_url)
    page.get_by_label("Je reactie").fill("Een aanbrengpremie voor je eigen mensen werkt bij ons.")
    page.get_by_role("button", name="Plaats mijn reactie").click()
    expect(page.locator(".reply-list")).to_contain_text("aanbrengpremie")

    # Sem marks it as the helpful answer.
    log_in(asker)
    page.goto(thread_url)
    page.get_by_role("button", name="Dit hielp mij het meest").click()
    expect(page.locator("#helpful-heading")).to_be_visible()

    # He proposes a topic and votes are cast.
    page.get_by_role("link", name="Onderwerpen voor bijeenkomsten").click()
    page.get_by_role("textbox", name="Onderwerp").fill("Hoe financier ik een overname?")
    page.get_by_role("button", name="Stel voor").click()
    page.get_by_role("button", name="Stem op dit onderwerp").click()
    expect(page.locator(".proposal")).to_contain_text("1 stem")
    log_in(helper)
    page.goto(tree["community"].url + "onderwerpen/")
    page.get_by_role("button", name="Stem op dit onderwerp").click()
    expect(page.locator(".proposal")).to_contain_text("2 stemmen")

    # The manager turns it into an event in one action.
    log_in(manager)
    page.goto(tree["community"].url + "onderwerpen/")
    page.locator(".proposal details summary").click()
    page.get_by_role("button", name="Maak er een bijeenkomst van").click()
    expect(page.locator(".messages")).to_contain_text("concept")
    proposal = TopicProposal.objects.get()
    assert proposal.status == "gepland" and proposal.event is not None
    assert proposal.votes.count() == 2
