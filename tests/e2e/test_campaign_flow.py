"""In a real browser: a visitor arrives on the launch campaign from a mailing link, asks for an
intake through the campaign's intake block, and the communications staff's results view for
that campaign shows the visit and the intake request, credited to the mailing."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.utils import timezone

from campaigns.attribution.models import Conversion, DailyVisits
from campaigns.models import CampaignIndexPage, CampaignPage
from tests.factories import PASSWORD, UserFactory
from tests.workers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

MAILING = (
    "?utm_source=mailing&utm_medium=email&utm_campaign=een-kritische-blik&utm_content=mailing-1"
)


def _launch_page():
    from wagtail.models import Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(title="Home", slug="home")
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    index = CampaignIndexPage(title="Campagnes", slug="campagnes")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    page = CampaignPage(
        title="Een kritische blik",
        slug="een-kritische-blik",
        code="een-kritische-blik",
        intro="Waarom kan ik je online niet vinden? Een ondernemer kijkt eerlijk mee.",
        starts_at=timezone.now() - timedelta(days=2),
        body=[
            {
                "type": "intake",
                "value": {
                    "phase": "overtuigen",
                    "heading": "Vraag een gratis intakegesprek aan",
                    "text": "Een uur met een adviseur die eerlijk naar je bedrijf kijkt.",
                    "button_label": "Gesprek aanvragen",
                },
            }
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return CampaignPage.objects.get(pk=page.pk)


def _communicatie_staff():
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Communicatie")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_results", content_type__app_label="attribution"),
    )
    staff = UserFactory(email="lotte@loket.example", email_verified=True)
    staff.groups.add(group)
    return staff


def test_a_mailing_visit_and_intake_show_in_the_results(browser, live_server, page):
    launch = _launch_page()
    staff = _communicatie_staff()

    # The visitor clicks the teaser mailing's link.
    page.goto(launch.url + MAILING)
    expect(page.locator("main")).to_contain_text("Vraag een gratis intakegesprek aan")
    # The page is the same for everyone; its beacon reports the visit.
    wait_for(lambda: DailyVisits.objects.filter(campaign_code=launch.code, visits=1).exists())
    row = DailyVisits.objects.get(campaign_code=launch.code)
    assert row.channel == "mailing/email"

    # Ask for an intake through the campaign's own form (its token arrives by script).
    # (an assertion on the field, not wait_for_function: the page's CSP forbids eval)
    expect(page.locator("input[data-csrf]").first).not_to_have_value("")
    form = page.locator("form[data-campaign-form]")
    form.get_by_label("Je naam").fill("Anouk de Vries")
    form.get_by_label("Je e-mailadres").fill("anouk@bakkerij-devries.example")
    form.get_by_label("Je bedrijf").fill("Bakkerij De Vries")
    form.get_by_label("Hoeveel mensen werken er?").select_option("5-9")
    form.get_by_label("Je vraag, in een paar zinnen").fill(
        "Mijn webshop wordt slecht gevonden. Waar begin ik?"
    )
    form.get_by_label("Video").check()
    form.get_by_label(re.compile("Ik ga ermee akkoord")).check()
    form.get_by_role("button", name="Gesprek aanvragen").click()
    page.wait_for_url(re.compile(r"/gesprek-aanvragen/"))
    conversion = wait_for(lambda: Conversion.objects.filter(kind="intake").first())
    assert (conversion.campaign_code, conversion.channel) == (launch.code, "mailing/email")

    # Communications staff read the campaign's results.
    staff_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    admin = staff_context.new_page()
    admin.set_default_timeout(15_000)
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill(staff.email)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.get_by_role("link", name="Campagneresultaten").first.click()
    admin.get_by_role("link", name="Een kritische blik").click()
    expect(admin.locator("[data-phase=bekend_maken]")).to_have_text("1")
    expect(admin.locator("[data-phase=overtuigen]")).to_have_text("1")
    channels = admin.locator("#per-kanaal").locator("..")
    expect(channels.locator("tbody tr", has_text="mailing/email")).to_contain_text("1")
    staff_context.close()
