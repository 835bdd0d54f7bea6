"""AVG and consent: answers in the export and gone with the account; a result mailed once and
only with consent; staff see counts and averages per region, never one person's answers."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Page, Site

from community.scan.models import ScanResult
from loket.accounts.services import delete_account, export_member_data
from loket.accounts.services.roles import sync_region_roles
from tests.factories import MemberFactory

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def test_a_members_answers_are_in_the_export_and_erased_with_the_account(client, take):
    member = MemberFactory()
    client.force_login(member)
    take()
    exported = export_member_data(member)["fitheidscan"]
    assert len(exported) == 1
    answers = exported[0]["antwoorden"]
    assert answers[0]["vraag"] == "Hoe goed weet je hoe je bedrijf er financieel voor staat?"
    assert answers[0]["antwoord"] == "Ik kijk pas naar de cijfers als de boekhouder belt"
    assert exported[0]["fase"] == "Groeien"

    other = MemberFactory()
    client.force_login(other)
    take()
    delete_account(member, keep_content=True)
    assert not ScanResult.objects.filter(user=member).exists()
    assert ScanResult.objects.filter(user=other).count() == 1


def test_a_result_is_mailed_once_and_only_with_consent(client, take, scan_page, outbox):
    take()
    result = ScanResult.objects.get()
    mail_url = scan_page.url_for("mail", token=result.token)

    refused = client.post(mail_url, {"email": "kees@installatie-kees.nl"})
    assert refused.status_code == 400
    assert "We mailen je resultaat alleen als je dat aanvinkt." in refused.content.decode()
    bad = client.post(mail_url, {"email": "geen-adres", "consent": "on"})
    assert bad.status_code == 400
    assert not outbox()

    sent = client.post(mail_url, {"email": "kees@installatie-kees.nl", "consent": "on"})
    assert sent.status_code == 302
    mails = outbox()
    assert len(mails) == 1 and mails[0].to == "kees@installatie-kees.nl"
    assert result.token in mails[0].text
    assert "Financiën: 0" in mails[0].text

    again = client.post(mail_url, {"email": "ander@example.nl", "consent": "on"})
    assert again.status_code == 409
    assert "al eens gemaild" in again.content.decode()
    assert len(outbox()) == 1
    assert "kees@installatie-kees.nl" not in str(ScanResult.objects.values().get())


@pytest.fixture
def two_regions(home):
    zwolle_home = Page.get_first_root_node().add_child(title="Regio Zwolle", slug="zwolle")
    zwolle = Site.objects.create(
        hostname="zwolle.example", port=80, root_page=zwolle_home, site_name="Regio Zwolle"
    )
    utrecht = Site.objects.get(is_default_site=True)
    utrecht.site_name = "Regio Utrecht"
    utrecht.save()
    return utrecht, zwolle


def _results(version, site, count):
    for _ in range(count):
        ScanResult.objects.create(
            version=version,
            site=site,
            answers={},
            scores={str(version.theme_questions[0]["theme"]["id"]): 40},
            phase="groeien",
        )


def test_region_staff_see_their_regions_counts_and_averages_never_answers(
    client, take, scan_page, two_regions
):
    utrecht, zwolle = two_regions
    take()
    version = ScanResult.objects.get().version
    _results(version, utrecht, 5)
    _results(version, zwolle, 2)
    roles = sync_region_roles(utrecht)
    manager = MemberFactory(is_staff=True)
    manager.groups.add(roles.group("communitymanager"))
    client.force_login(manager)

    response = client.get(reverse("scan_figures"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Regio Utrecht" in text and "6 scans ingevuld." in text
    assert "Regio Zwolle" not in text
    assert "Gemiddelde score" in text
    assert "boekhouder" not in text  # no answer text, ever


def test_a_region_with_few_scans_shows_only_the_count(client, take, two_regions):
    utrecht, zwolle = two_regions
    take()
    national = MemberFactory(is_staff=True)
    national.groups.add(Group.objects.get(name="Communicatie"))
    client.force_login(national)
    text = client.get(reverse("scan_figures")).content.decode()
    assert "Regio Zwolle" in text and "1 scan ingevuld." in text
    assert "Gemiddelde score" not in text


def test_members_and_staff_without_the_permission_get_no_figures(client):
    client.force_login(MemberFactory(is_staff=True))
    assert client.get(reverse("scan_figures")).status_code in (302, 403)


def test_answers_of_a_visitor_are_not_tied_to_a_person(client, scan_page, take):
    take()
    result = ScanResult.objects.get()
    assert result.user is None and result.mailed_at is None
    assert set(result.answers) == {q["id"] for q in result.version.questions}
    assert answers_for(result.version)["versie"] == str(result.version.pk)
