"""A member joins a community and asks a question, another member answers, the asker marks it
helpful, a proposal gets votes and the manager turns it into an event — in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from community.models import CommunityIndexPage, CommunityPage, Membership, TopicProposal
from events.models import EventIndexPage
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
    agenda = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
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
    helper = MemberFactory(first_name="Marieke", email="marieke@example.nl")
    manager = MemberFactory(first_name="Linda", email="linda@example.nl")
    for user, role in ((helper, "lid"), (manager, "beheerder")):
        Membership.objects.create(
            member=user, community=community, status="lid", role=role, joined_at=timezone.now()
        )
    asker = MemberFactory(first_name="Rob", email="rob@example.nl")
    return {"community": community, "asker": asker, "helper": helper, "manager": manager}


def _log_in(page, user):
    page.context.clear_cookies()
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def test_join_ask_answer_helpful_vote_and_plan(page, tree):
    asker, helper, manager = tree["asker"], tree["helper"], tree["manager"]

    # Rob finds the community and joins with one click.
    _log_in(page, asker)
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
    _log_in(page, helper)
    page.goto(thread_url)
    page.get_by_label("Je reactie").fill("Een aanbrengpremie voor je eigen mensen werkt bij ons.")
    page.get_by_role("button", name="Plaats mijn reactie").click()
    expect(page.locator(".reply-list")).to_contain_text("aanbrengpremie")

    # Rob marks it as the helpful answer.
    _log_in(page, asker)
    page.goto(thread_url)
    page.get_by_role("button", name="Dit hielp mij het meest").click()
    expect(page.locator("#helpful-heading")).to_be_visible()

    # He proposes a topic and votes are cast.
    page.get_by_role("link", name="Onderwerpen voor bijeenkomsten").click()
    page.get_by_role("textbox", name="Onderwerp").fill("Hoe financier ik een overname?")
    page.get_by_role("button", name="Stel voor").click()
    page.get_by_role("button", name="Stem op dit onderwerp").click()
    expect(page.locator(".proposal")).to_contain_text("1 stem")
    _log_in(page, helper)
    page.goto(tree["community"].url + "onderwerpen/")
    page.get_by_role("button", name="Stem op dit onderwerp").click()
    expect(page.locator(".proposal")).to_contain_text("2 stemmen")

    # The manager turns it into an event in one action.
    _log_in(page, manager)
    page.goto(tree["community"].url + "onderwerpen/")
    page.locator(".proposal details summary").click()
    page.get_by_role("button", name="Maak er een bijeenkomst van").click()
    expect(page.locator(".messages")).to_contain_text("concept")
    proposal = TopicProposal.objects.get()
    assert proposal.status == "gepland" and proposal.event is not None
    assert proposal.votes.count() == 2
