"""``manage.py create_region``: a new region's site, pages, settings and groups in one go."""

from io import StringIO

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Collection, GroupPagePermission, Page, Site

from loket.core.models import HomePage, SiteSettings

from .conftest import create_region

pytestmark = pytest.mark.django_db

GELDERLAND = ("--name", "Regio Gelderland", "--hostname", "gelderland.localhost")


def _get(client, path, host="gelderland.localhost"):
    return client.get(path, HTTP_HOST=host)


def test_a_new_region_answers_on_first_request_with_finished_copy(client):
    output = create_region(*GELDERLAND)

    assert "Ondernemersloket Regio Gelderland staat klaar op http://gelderland.localhost/" in output
    assert "Regiobeheer — Regio Gelderland" in output
    home = _get(client, "/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Ondernemers helpen ondernemers" in html
    assert "Voor ondernemers in Gelderland." in html
    for path, text in [
        ("/bijeenkomsten/", "Bijeenkomsten"),
        ("/communities/", "Ondernemers leren het meest van elkaar"),
        ("/intervisie/", "Intervisie"),
        ("/ervaringen/", "Ervaringen"),
        ("/campagnes/", "Campagnes"),
        ("/themas/", "Kies een thema"),
        ("/over-ons/", "ondernemersverenigingen in Gelderland"),
        ("/contact/", "gelderland@ondernemersloket.nl"),
        ("/privacyverklaring/", "Welke gegevens we bewaren"),
        ("/gesprek-aanvragen/", "Vraag een gratis intakegesprek aan"),
        ("/tip-een-ander/", "Tip een ander"),
    ]:
        response = _get(client, path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path
    for page in (home, _get(client, "/contact/")):
        assert "lorem" not in page.content.decode().lower()


def test_the_region_has_its_own_settings_groups_and_collection():
    create_region(*GELDERLAND)

    site = Site.objects.get(hostname="gelderland.localhost")
    settings = SiteSettings.for_site(site)
    assert settings.organisation_name == "Ondernemersloket Regio Gelderland"
    assert settings.contact_email == "gelderland@ondernemersloket.nl"
    assert settings.privacy_page.get_site() == site
    names = set(
        Group.objects.filter(name__endswith="— Regio Gelderland").values_list("name", flat=True)
    )
    assert names == {
        "Communitymanager — Regio Gelderland",
        "Communicatie — Regio Gelderland",
        "Regiobeheer — Regio Gelderland",
    }
    assert Collection.objects.filter(name="Regio Gelderland").exists()


def test_a_second_run_refuses_the_taken_hostname_and_changes_nothing():
    create_region(*GELDERLAND)
    pages, groups = Page.objects.count(), GroupPagePermission.objects.count()

    with pytest.raises(CommandError, match="Er bestaat al een regio op gelderland.localhost"):
        create_region("--name", "Regio Gelderland Oost", "--hostname", "Gelderland.localhost")

    assert (Page.objects.count(), GroupPagePermission.objects.count()) == (pages, groups)
    assert Site.objects.filter(hostname="gelderland.localhost").count() == 1


def test_update_fills_in_what_is_missing_and_keeps_editors_changes():
    create_region(*GELDERLAND)
    home = HomePage.objects.get(slug="regio-gelderland")
    contact = home.get_children().get(slug="contact")
    contact.title = "Kom langs in Arnhem"
    contact.save()
    home.get_children().get(slug="bijeenkomsten").delete()
    pages = Page.objects.count()

    output = create_region(*GELDERLAND, "--update")

    assert "1 nieuwe pagina's" in output
    assert Page.objects.count() == pages + 1
    assert home.get_children().get(slug="contact").title == "Kom langs in Arnhem"


def test_copy_from_takes_the_shared_settings_not_the_address():
    create_region("--name", "Regio Utrecht", "--hostname", "utrecht.localhost")
    utrecht = SiteSettings.for_site(Site.objects.get(hostname="utrecht.localhost"))
    utrecht.opening_hours = "Op werkdagen van 8.30 tot 17.30 uur."
    utrecht.address = "Stationsplein 12\n3511 ED Utrecht"
    utrecht.save()

    create_region(*GELDERLAND, "--copy-from", "utrecht.localhost")

    gelderland = SiteSettings.for_site(Site.objects.get(hostname="gelderland.localhost"))
    assert gelderland.opening_hours == "Op werkdagen van 8.30 tot 17.30 uur."
    assert gelderland.address == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--name", "Regio Zeeland", "--hostname", "https://zeeland.localhost/"),
            "Ongeldige hostnaam",
        ),
        (("--name", "  ", "--hostname", "zeeland.localhost"), "Geef de regio een naam"),
        (
            (
                "--name",
                "Regio Zeeland",
                "--hostname",
                "zeeland.localhost",
                "--copy-from",
                "nergens.localhost",
            ),
            "Er is geen regio met hostnaam nergens.localhost",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch(args, message):
    sites = Site.objects.count()
    with pytest.raises(CommandError, match=message):
        create_region(*args)
    assert Site.objects.count() == sites


def test_a_missing_platform_wide_group_is_said_out_loud():
    Group.objects.filter(name="Communitymanagers").delete()
    err = StringIO()
    call_command("create_region", *GELDERLAND, stdout=StringIO(), stderr=err)
    assert 'de landelijke groep "Communitymanagers" bestaat niet' in err.getvalue()
    manager = Group.objects.get(name="Communitymanager — Regio Gelderland")
    assert list(manager.permissions.values_list("codename", flat=True)) == ["access_admin"]


def test_the_regional_groups_have_the_model_permissions_of_their_role():
    create_region(*GELDERLAND)
    for regional, national in [
        ("Communitymanager — Regio Gelderland", "Communitymanagers"),
        ("Communicatie — Regio Gelderland", "Communicatie"),
    ]:
        have = set(Group.objects.get(name=regional).permissions.values_list("codename", flat=True))
        role = set(Group.objects.get(name=national).permissions.values_list("codename", flat=True))
        assert have == role | {"access_admin"}
    assert "add_mailing" in set(
        Group.objects.get(name="Communicatie — Regio Gelderland").permissions.values_list(
            "codename", flat=True
        )
    )
    regiobeheer = Group.objects.get(name="Regiobeheer — Regio Gelderland")
    assert list(regiobeheer.permissions.values_list("codename", flat=True)) == ["access_admin"]
    # Every per-site setting (the site settings, the Nabellen days, ...), of this region only.
    site_permissions = set(
        regiobeheer.site_permissions.values_list("permission__codename", "site__hostname")
    )
    assert {
        ("change_sitesettings", "gelderland.localhost"),
        ("change_followupsettings", "gelderland.localhost"),
    } <= site_permissions
    assert {host for _codename, host in site_permissions} == {"gelderland.localhost"}
