"""``manage.py seed_demo`` builds the demo region and changes nothing when run again."""

import re
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Site

from loket.core import seeding
from loket.core.demo import ADMIN_EMAIL, MEMBERS
from loket.core.models import HomePage, SiteSettings, StandardPage, ThemeIndexPage
from loket.themes.models import Theme


def _seed(*args):
    out = StringIO()
    call_command("seed_demo", "--no-progress", *args, stdout=out)
    return out.getvalue()


def _counts():
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "themes": Theme.objects.count(),
        "users": User.objects.count(),
        "settings": SiteSettings.objects.count(),
        "featured": _utrecht().featured_items.count(),
    }


def _utrecht():
    return HomePage.objects.get(slug="regio-utrecht")


def _password(output, email):
    match = re.search(rf"{re.escape(email)}.*wachtwoord: (\S+)", output)
    return match and match.group(1)


@pytest.mark.django_db
def test_seed_demo_builds_the_region(seeded_demo):
    output = seeded_demo.output
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert (site.hostname, site.port) == ("localhost", 8000)
    assert home.title == "Ondernemersloket Regio Utrecht"
    # Wagtail's welcome page is gone; beside Utrecht's home stand the second region's and the
    # national campaigns (outside every region's site).
    others = Page.objects.filter(depth=2).exclude(pk=home.pk)
    kinds = sorted(page.specific_class.__name__ for page in others)
    assert kinds == ["HomePage", "NationalCampaignIndexPage"]

    assert ThemeIndexPage.objects.child_of(home).get().slug == "themas"
    slugs = set(StandardPage.objects.child_of(home).values_list("slug", flat=True))
    assert {"over-ons", "zo-werkt-het", "privacyverklaring", "contact"} <= slugs
    settings = SiteSettings.for_site(site)
    assert settings.organisation_name == "Ondernemersloket Regio Utrecht"
    assert settings.contact_email and settings.phone and settings.address
    assert settings.privacy_page.slug == "privacyverklaring"

    admin = get_user_model().objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.is_staff
    password = _password(output, ADMIN_EMAIL)
    assert password and admin.check_password(password)

    members = get_user_model().objects.filter(email__in=[m["email"] for m in MEMBERS])
    assert members.count() == len(MEMBERS)
    assert all(m.email_verified and not m.is_staff for m in members)
    sanne = members.get(email="sanne.devries@example.com")
    assert sanne.profile.company_name == "Bakkerij De Vries"


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(seeded_demo):
    first = _counts()
    admin_password = get_user_model().objects.get(email=ADMIN_EMAIL).password
    revisions = _utrecht().revisions.count()
    output = _seed()
    assert _counts() == first
    assert get_user_model().objects.get(email=ADMIN_EMAIL).password == admin_password
    assert _utrecht().revisions.count() == revisions
    assert "bestaat al" in output
    assert _password(output, ADMIN_EMAIL) is None
    assert "niets nieuws" in output


@pytest.mark.django_db
def test_seed_demo_keeps_editors_changes(seeded_demo):
    page = StandardPage.objects.child_of(_utrecht()).get(slug="contact")
    page.title = "Kom langs"
    page.save()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "088 - 123 45 67"
    settings.save()
    _seed()
    assert StandardPage.objects.child_of(_utrecht()).get(slug="contact").title == "Kom langs"
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).phone == "088 - 123 45 67"


@pytest.mark.django_db
def test_reset_admin_password(seeded_demo):
    output = _seed("--reset-admin-password")
    password = _password(output, ADMIN_EMAIL)
    assert password
    assert get_user_model().objects.get(email=ADMIN_EMAIL).check_password(password)


@pytest.mark.django_db
def test_seed_demo_hostname_option():
    _seed("--hostname", "demo.ondernemersloket.nl", "--port", "80")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("demo.ondernemersloket.nl", 80)


@pytest.mark.django_db
def test_seeded_site_serves_its_pages(client, seeded_demo):
    paths = ("/", "/themas/", "/themas/financien/", "/over-ons/", "/zo-werkt-het/", "/contact/")
    for path in paths:
        response = client.get(path, HTTP_HOST="localhost:8000")
        assert response.status_code == 200, path
    html = client.get("/", HTTP_HOST="localhost:8000").content.decode()
    assert "Ondernemers helpen ondernemers" in html
    assert 'href="/privacyverklaring/">Privacyverklaring</a>' in html


@pytest.mark.django_db
def test_apps_can_add_their_own_steps():
    calls = []

    def seed_extra(ctx):
        calls.append(ctx.home.slug)
        ctx.note("Extra stap gedaan.")

    seeding.register("test-extra", seed_extra, label="Extra", order=500)
    try:
        output = _seed()
    finally:
        seeding.unregister("test-extra")
    assert calls == ["regio-utrecht"]
    assert "Extra stap gedaan." in output
    assert [step.name for step in seeding.steps()][:3] == ["site", "settings", "pages"]
