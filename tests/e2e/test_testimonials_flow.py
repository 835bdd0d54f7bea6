"""After a meetup a member opens the follow-up link, shares an experience with website consent,
staff approve it, it appears on the theme page; the member withdraws consent and it is gone."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect

from django.conf import settings
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, EventPage
from loket.accounts.models import User
from loket.core.models import HomePage, ThemeIndexPage
from loket.mail.models import OutgoingMail
from loket.themes.models import Theme
from testimonials import services
from testimonials.models import Experience
from testimonials.models import TestimonialsIndexPage as IndexPage
from tests.factories import MemberFactory


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _site():
    """The live server flushes the database between tests: build the tree this test needs."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    old_roots = list(root.get_children())
    home = root.add_child(
        instance=HomePage(title="Ondernemersloket", slug="e2e-regio", hero_title="Samen verder")
    )
    Site.objects.all().delete()
    for old in old_roots:
        old.delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    _publish(home, IndexPage(title="Ervaringen", slug="ervaringen"))
    _publish(home, ThemeIndexPage(title="Thema's", slug="themas"))
    agenda = _publish(home, EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten"))
    start = timezone.now() - timedelta(days=1)
    return _publish(
        agenda,
        EventPage(
            title="Financieren zonder bank",
            slug="financieren-zonder-bank",
            intro="Ondernemers vertellen hoe zij groei financierden.",
            start=start,
            end=start + timedelta(hours=2),
            capacity=20,
            venue_name="Het Ondernemershuis",
            municipality="Utrecht",
            region="utrecht",
        ),
    )


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_share_approve_show_on_theme_page_and_withdraw(browser, live_server):
    theme, _created = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})
    event = _site()
    member = MemberFactory(
        email="sanne@bakkerij.nl",
        first_name="Sanne",
        last_name="de Vries",
        profile__company_name="Bakkerij De Vries",
    )
    User.objects.create_superuser("redactie@ondernemersloket.nl", "Redactie-wachtwoord-9")
    quote = "Eén avond met collega-ondernemers leverde me een tweede oven op."

    member_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    tab = member_context.new_page()
    tab.set_default_timeout(15_000)

    # The follow-up mail's link: no log-in needed, tied to the meetup.
    tab.goto(_path(services.share_experience_url(event=event, email=member.email)))
    expect(tab.locator("main")).to_contain_text("Financieren zonder bank")
    tab.get_by_label("Je naam").fill("Sanne de Vries")
    tab.get_by_label("9", exact=True).check()
    tab.get_by_label("In één of twee zinnen: wat leverde het je op?").fill(quote)
    tab.get_by_label("Thema").select_option(label="Financiën")
    tab.get_by_label("Met mijn volledige naam en bedrijf").check()
    tab.get_by_label(re.compile("op de eigen website")).check()
    tab.get_by_role("button", name="Deel mijn ervaring").click()
    expect(tab.locator("body")).to_contain_text("Dank je wel!")
    experience = Experience.objects.get()
    assert experience.contributor == member and experience.event == event
    manage_path = tab.url.replace(live_server.url, "")

    # Not on the theme page before a moderator approved it.
    tab.goto(f"/themas/{theme.slug}/")
    expect(tab.locator("main")).not_to_contain_text(quote)

    # Staff approve it in the admin.
    staff_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    admin = staff_context.new_page()
    admin.set_default_timeout(15_000)
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("redactie@ondernemersloket.nl")
    admin.locator("#id_password").fill("Redactie-wachtwoord-9")
    admin.locator("button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"/admin/snippets/testimonials/experience/beoordelen/{experience.pk}/")
    admin.get_by_role("button", name="Goedkeuren").click()
    expect(admin.locator("body")).to_contain_text("Goedgekeurd")
    staff_context.close()

    tab.goto(f"/themas/{theme.slug}/")
    expect(tab.locator("main")).to_contain_text(quote)
    expect(tab.locator("main")).to_contain_text("Sanne de Vries, Bakkerij De Vries")

    # The member withdraws consent from the page linked in their mail; it is gone at once.
    mail = OutgoingMail.objects.filter(to=member.email).order_by("pk").first()
    assert manage_path.split("?")[0] in mail.text
    tab.goto(manage_path)
    tab.get_by_role("button", name="Trek alle toestemming in").click()
    expect(tab.locator("body")).to_contain_text("Je toestemming is ingetrokken")
    tab.goto(f"/themas/{theme.slug}/")
    expect(tab.locator("main")).not_to_contain_text(quote)
    tab.goto("/ervaringen/")
    expect(tab.locator("main")).not_to_contain_text(quote)
    member_context.close()
