"""After a speedconsult the entrepreneur opens the rating link from the mail, gives an 8 with a
sentence and consents to the website; the region's staff see it counted in the Tevredenheid view
and the experience waits in moderation."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect

from django.utils import timezone

from wagtail.models import Page, Site

from loket.accounts.models import User
from loket.accounts.services.roles import ROLE_COMMUNICATIE, region_groups, sync_region_roles
from loket.core.models import HomePage
from loket.mail.models import OutgoingMail
from loket.satisfaction import services
from loket.satisfaction.models import Rating
from loket.themes.models import Theme
from testimonials.models import Experience
from testimonials.models import TestimonialsIndexPage as IndexPage
from testimonials.models.choices import Status
from tests.factories import MemberFactory


def _region():
    """The default site with a home page of the platform's own type and the experiences."""
    root = Page.get_first_root_node()
    old_roots = list(root.get_children())
    home = root.add_child(
        instance=HomePage(title="Ondernemersloket", slug="e2e-tevreden", hero_title="Samen verder")
    )
    Site.objects.all().delete()
    for old in old_roots:
        old.delete()
    site = Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Ondernemersloket Regio Utrecht",
    )
    index = IndexPage(title="Ervaringen", slug="ervaringen")
    home.add_child(instance=index)
    index.save_revision().publish()
    sync_region_roles(site)
    return site


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_rate_eight_with_a_sentence_consent_and_see_it_counted(browser, live_server):
    site = _region()
    theme, _created = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})
    member = MemberFactory(email="sanne@bakkerij.nl", first_name="Sanne", last_name="de Vries")
    staff = User.objects.create_user(
        "communicatie@ondernemersloket.nl", "Loket-wachtwoord-9", first_name="Rob"
    )
    staff.groups.add(region_groups(site)[ROLE_COMMUNICATIE])
    services.request_rating(
        "speedconsult",
        site=site,
        person=member,
        contact_key="booking:e2e-1",
        theme=theme,
        adviser="Henk Vos (oud-ondernemer)",
        label="Speedconsult over financiering",
        contact_at=timezone.now() - timedelta(hours=3),
    )
    mail = OutgoingMail.objects.get(to=member.email, template="satisfaction_question")
    link = re.search(r"https?://\S+/tevredenheid/\S+/", mail.text).group(0)
    sentence = "In een kwartier wist ik welke financier bij mijn groeiplan past."

    member_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    tab = member_context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(_path(link))
    expect(tab.locator("h1")).to_contain_text("Hoe was het, Sanne?")
    tab.get_by_label("8", exact=True).check()
    tab.locator("input[name=ces][value='2']").check()
    tab.get_by_label("Ja", exact=True).check()
    tab.get_by_label(re.compile("Wil je er één zin over kwijt")).fill(sentence)
    tab.get_by_role("button", name="Verstuur").click()
    expect(tab.locator("main")).to_contain_text("Mag dit als ervaring op de site?")
    tab.get_by_label(re.compile("op de eigen website")).check()
    tab.get_by_label("Met mijn voornaam en sector").check()
    tab.get_by_role("button", name="Ja, deel mijn ervaring").click()
    expect(tab.locator("main")).to_contain_text("Dank je wel voor het delen!")
    # A second answer through the same link changes nothing and says so.
    tab.goto(_path(link))
    expect(tab.locator("main")).to_contain_text("Je antwoord hebben we al")
    member_context.close()

    rating = Rating.objects.get()
    assert (rating.score, rating.ces, rating.resolved, rating.sentence) == (8, 2, "ja", sentence)
    experience = Experience.objects.get()
    assert (experience.status, experience.theme, experience.quote) == (Status.NEW, theme, sentence)

    staff_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    admin = staff_context.new_page()
    admin.set_default_timeout(15_000)
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("communicatie@ondernemersloket.nl")
    admin.locator("#id_password").fill("Loket-wachtwoord-9")
    admin.locator("button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.get_by_role("link", name="Tevredenheid").first.click()
    expect(admin.locator("[data-figure=score]")).to_have_text(re.compile(r"^8[,.]0$"))
    expect(admin.locator("[data-figure=response]")).to_have_text(re.compile(r"^100[,.]0%$"))
    expect(admin.locator("main")).to_contain_text("Speedconsult")
    expect(admin.locator("main")).to_contain_text("Henk Vos (oud-ondernemer)")
    # The experience waits in moderation, where this role reviews it.
    admin.goto("/admin/snippets/testimonials/experience/")
    expect(admin.locator("main")).to_contain_text("Nieuw")
    expect(admin.locator("main")).to_contain_text("In een kwartier wist ik")
    staff_context.close()
