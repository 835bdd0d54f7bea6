"""In a real browser: a region's Communicatie account (no superuser) logs in, publishes a case
under the own region's experiences, sends itself a test of a mailing to a segment of the
region, and gets a refusal or a 404 on the other region's pages, mailings, experiences and
views."""

import re
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, ExperienceFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

BODY = [("text", {"text": "<p>Hoi [voornaam], kom naar de lancering van de week.</p>"})]


def _regions():
    from wagtail.models import Site

    for name, host in [("Regio Utrecht", "utrecht"), ("Regio Gelderland", "gelderland")]:
        call_command(
            "create_region", "--name", name, "--hostname", f"{host}.localhost", stdout=StringIO()
        )
    return {site.hostname.split(".")[0]: site for site in Site.objects.all()}


def _log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_communicatie_publishes_a_case_and_tests_a_mailing_in_the_own_region_only(
    page, live_server
):
    from campaigns.mailings import services
    from campaigns.mailings.models import Mailing
    from loket.accounts.services.roles import region_groups
    from loket.mail.models import OutgoingMail
    from testimonials.models import CasePage
    from testimonials.models import TestimonialsIndexPage as Experiences

    sites = _regions()
    editor = MemberFactory(first_name="Noor", email="communicatie.utrecht@ondernemersloket.nl")
    editor.groups.add(region_groups(sites["utrecht"])["communicatie"])
    own = Experiences.objects.child_of(sites["utrecht"].root_page).get()
    other = Experiences.objects.child_of(sites["gelderland"].root_page).get()
    for region in ("utrecht", "utrecht", "gelderland"):
        MemberFactory(
            profile__newsletter=True, profile__province=region, profile__home_site=sites[region]
        )
    mailing = Mailing.objects.create(
        subject="Hoi [voornaam], de lancering komt eraan",
        preheader="Kort en krachtig.",
        body=BODY,
        provinces=["utrecht"],
        site=sites["utrecht"],
    )
    away = Mailing.objects.create(
        subject="Gelderse nieuwsbrief", body=BODY, site=sites["gelderland"]
    )
    experience = ExperienceFactory(site=sites["gelderland"], status="nieuw", theme=None)
    assert services.recipient_count(mailing) == 2  # Utrecht's two, not Gelderland's

    _log_in(page, editor)

    # A case under the own region's experiences, published from the editor.
    page.goto(f"/admin/pages/add/testimonials/casepage/{own.pk}/")
    page.locator("#id_title").fill("Van eenmanszaak naar twaalf mensen")
    page.locator("#id_intro").fill(
        "Hoe Bakkerij De Vries groeide zonder haar kwaliteit te verliezen."
    )
    page.locator("#id_entrepreneur").fill("Sanne de Vries")
    page.locator("#id_company").fill("Bakkerij De Vries")
    page.locator("[data-w-dropdown-target='toggle']", has_text="").last.click()
    page.get_by_role("button", name=re.compile("^Publiceren")).click()
    expect(page.locator(".messages")).to_contain_text("Van eenmanszaak naar twaalf mensen")
    case = CasePage.objects.get(title="Van eenmanszaak naar twaalf mensen")
    assert case.live and case.get_parent().pk == own.pk
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://utrecht.localhost:{port}{case.relative_url(sites['utrecht'])}")
    expect(page.locator("main")).to_contain_text("Bakkerij De Vries")

    # The mailing's send page: the segment's size, and a test to the editor's own address.
    page.goto(f"{live_server.url}/admin/snippets/mailings/mailing/")
    expect(page.locator("main")).to_contain_text("de lancering komt eraan")
    expect(page.locator("main")).not_to_contain_text("Gelderse nieuwsbrief")
    page.goto(reverse("wagtailsnippets_mailings_mailing:send", args=[mailing.pk]))
    expect(page.locator("[data-recipient-count]")).to_have_text("2")
    page.get_by_role("button", name="Stuur een test naar mijzelf").click()
    expect(page.locator(".messages")).to_contain_text(
        "De testmail is onderweg naar communicatie.utrecht@ondernemersloket.nl"
    )
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [editor.email]

    # Gelderland is not Noor's: its pages refuse her, its mailing and experience are not there.
    page.goto(f"/admin/pages/add/testimonials/casepage/{other.pk}/")
    expect(page.locator("body")).to_contain_text("Sorry, je hebt geen toegang")
    assert not CasePage.objects.child_of(other).exists()
    for url in (
        reverse("wagtailsnippets_mailings_mailing:edit", args=[away.pk]),
        reverse("wagtailsnippets_mailings_mailing:send", args=[away.pk]),
        reverse("wagtailsnippets_testimonials_experience:edit", args=[experience.pk]),
    ):
        response = page.goto(url)
        assert response.status == 404, url
    page.goto("/admin/snippets/testimonials/experience/")
    expect(page.locator("main")).not_to_contain_text(experience.contributor_name)
    page.goto(reverse("loket_region_team"))
    expect(page.locator("body")).to_contain_text("Sorry, je hebt geen toegang")
