"""``seed_demo`` leaves a log-in per role of the demo region and a second region to try them on."""

import re
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Site

from events.models import EventIndexPage
from loket.core.demo import SECOND_REGION_STAFF, STAFF, staff_email

pytestmark = pytest.mark.django_db

UTRECHT = "localhost:8000"
GELDERLAND = "gelderland.localhost:8000"


def _block(output):
    return output.split("Demo: adressen en log-ins", 1)[1]


def _password(output, email):
    match = re.search(rf"{re.escape(email)}\s+wachtwoord: (\S+)", _block(output))
    return match and match.group(1)


def test_the_output_ends_with_the_urls_and_log_ins(seeded_demo):
    block = _block(seeded_demo.output)
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 2 + len(STAFF) + len(SECOND_REGION_STAFF)
    assert "http://localhost:8000/" in lines[0] and "Regio Utrecht" in lines[0]
    assert "http://gelderland.localhost:8000/" in lines[1] and "Regio Gelderland" in lines[1]
    assert "Communitymanager — Regio Utrecht" in block
    assert "cm.gelderland@demo.ondernemersloket.nl" in block


@pytest.mark.parametrize(
    ("local_part", "group"),
    [
        ("cm.utrecht", "Communitymanager — Regio Utrecht"),
        ("communicatie.utrecht", "Communicatie — Regio Utrecht"),
        ("regiobeheer.utrecht", "Regiobeheer — Regio Utrecht"),
        ("cm.gelderland", "Communitymanager — Regio Gelderland"),
    ],
)
def test_each_demo_account_logs_in_with_its_own_role_only(client, seeded_demo, local_part, group):
    email = staff_email(local_part)
    user = get_user_model().objects.get(email=email)
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    password = _password(seeded_demo.output, email)
    assert password
    response = client.post(reverse("wagtailadmin_login"), {"username": email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_demo_community_manager_works_in_the_own_agenda_only(client, seeded_demo):
    client.force_login(get_user_model().objects.get(email=staff_email("cm.utrecht")))
    add = "wagtailadmin_pages:add"
    for site, allowed in [
        (Site.objects.get(is_default_site=True), True),
        (Site.objects.get(hostname="gelderland.localhost"), False),
    ]:
        agenda = EventIndexPage.objects.child_of(site.root_page).get()
        response = client.get(reverse(add, args=["events", "eventpage", agenda.pk]))
        assert (response.status_code == 200) is allowed, site


def test_the_second_region_answers_on_its_own_host(client, seeded_demo):
    home = client.get("/", HTTP_HOST=GELDERLAND)
    assert home.status_code == 200
    assert "Voor ondernemers in Gelderland." in home.content.decode()
    # Utrecht's events stay on Utrecht's agenda.
    assert (
        "Grip op je cashflow" in client.get("/bijeenkomsten/", HTTP_HOST=UTRECHT).content.decode()
    )
    assert (
        "Grip op je cashflow"
        not in client.get("/bijeenkomsten/", HTTP_HOST=GELDERLAND).content.decode()
    )
    for path in ("/bijeenkomsten/", "/communities/", "/contact/"):
        assert client.get(path, HTTP_HOST=GELDERLAND).status_code == 200, path


def test_a_second_seed_keeps_the_staff_passwords(seeded_demo):
    before = get_user_model().objects.get(email=staff_email("cm.utrecht")).password
    out = StringIO()
    call_command("seed_demo", "--no-progress", stdout=out)
    assert "wachtwoord ongewijzigd" in _block(out.getvalue())
    assert get_user_model().objects.get(email=staff_email("cm.utrecht")).password == before
    assert Site.objects.filter(hostname="gelderland.localhost").count() == 1


def test_the_demo_intake_requests_are_utrechts_to_handle(client, seeded_demo):
    from loket.intake.models import IntakeRequest

    handle = "wagtailsnippets_intake_intakerequest:handle"
    intake = IntakeRequest.objects.filter(email="mehmet@yilmaz-installatietechniek.nl").get()
    assert intake.site == Site.objects.get(is_default_site=True)
    client.force_login(get_user_model().objects.get(email=staff_email("cm.utrecht")))
    assert client.get(reverse(handle, args=[intake.pk])).status_code == 200
    client.force_login(get_user_model().objects.get(email=staff_email("cm.gelderland")))
    assert client.get(reverse(handle, args=[intake.pk])).status_code == 404
