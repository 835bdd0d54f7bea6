"""Regiobeheer puts colleagues into the region's own staff groups and takes them out, in the
admin, and nothing else: no other region's groups, no national group, no superuser status."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

from loket.accounts.services.region_team import ACTION_MEMBER_ADDED, ACTION_MEMBER_REMOVED
from loket.accounts.services.roles import region_groups
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TEAM = reverse("loket_region_team")


def _add(group):
    return reverse("loket_region_team_add", args=[group.pk])


def _remove(group, user):
    return reverse("loket_region_team_remove", args=[group.pk, user.pk])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def beheer(client, regions, staff_of):
    user = staff_of("x", "regiobeheer")
    client.force_login(user)
    return user


def test_regiobeheer_sees_the_own_regions_groups_with_their_members(
    client, beheer, regions, staff_of
):
    manager_x = staff_of("x", "communitymanager")
    manager_y = staff_of("y", "communitymanager")

    response = client.get(TEAM)

    assert response.status_code == 200
    html = response.content.decode()
    for name in region_groups(regions["x"]):
        assert region_groups(regions["x"])[name].name in html
    assert "Gelderland" not in html
    assert manager_x.email in html and manager_y.email not in html
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Medewerkers van de regio" in menu


def test_adding_a_colleague_by_email_puts_them_in_that_group_only_and_is_logged(
    client, beheer, regions
):
    colleague = MemberFactory(email="nieuwe.collega@ondernemersloket.nl")
    group = region_groups(regions["x"])["communicatie"]

    response = client.post(
        _add(group), {"email": "Nieuwe.Collega@ondernemersloket.nl"}, follow=True
    )

    colleague.refresh_from_db()
    assert list(colleague.groups.all()) == [group]
    assert not colleague.is_superuser
    assert "nieuwe.collega@ondernemersloket.nl zit nu in “Communicatie — Regio Utrecht”." in (
        _messages(response)
    )
    entry = ModelLogEntry.objects.get(action=ACTION_MEMBER_ADDED)
    assert entry.user == beheer and entry.data["member"] == colleague.email
    # The team page keeps the log, with who made the change.
    page = client.get(TEAM).content.decode()
    log = page[page.index('id="logboek"') :]
    added = "Toegevoegd aan Communicatie — Regio Utrecht: nieuwe.collega@ondernemersloket.nl"
    assert added in log, log[:1500]
    assert (beheer.get_full_name() or beheer.email) in log


def test_an_unknown_address_or_a_second_time_is_a_dutch_message_and_no_change(
    client, beheer, regions
):
    group = region_groups(regions["x"])["communitymanager"]

    unknown = client.post(_add(group), {"email": "niemand@example.nl"}, follow=True)
    assert any("geen actief account" in m for m in _messages(unknown))
    assert not group.user_set.exists()

    colleague = MemberFactory()
    client.post(_add(group), {"email": colleague.email})
    again = client.post(_add(group), {"email": colleague.email}, follow=True)
    assert any("zit al in de groep" in m for m in _messages(again))
    bad = client.post(_add(group), {"email": "geen adres"}, follow=True)
    assert "Vul een geldig e-mailadres in." in _messages(bad)
    assert ModelLogEntry.objects.filter(action=ACTION_MEMBER_ADDED).count() == 1


def test_removing_a_colleague_takes_them_out_and_is_logged(client, beheer, regions, staff_of):
    manager = staff_of("x", "communitymanager")
    group = region_groups(regions["x"])["communitymanager"]

    response = client.post(_remove(group, manager), follow=True)

    assert not manager.groups.exists()
    assert any("zit niet meer in" in m for m in _messages(response))
    entry = ModelLogEntry.objects.get(action=ACTION_MEMBER_REMOVED)
    assert entry.user == beheer and entry.data["member"] == manager.email


def test_regiobeheer_cannot_take_themselves_out_of_regiobeheer(client, beheer, regions):
    group = region_groups(regions["x"])["regiobeheer"]

    response = client.post(_remove(group, beheer), follow=True)

    assert beheer.groups.filter(pk=group.pk).exists()
    assert "Je kunt jezelf niet uit Regiobeheer halen; vraag dat aan een collega." in (
        _messages(response)
    )


def test_another_regions_group_a_national_group_or_a_forged_id_is_a_404(
    client, beheer, regions, staff_of
):
    colleague = MemberFactory()
    manager_y = staff_of("y", "communitymanager")
    other = region_groups(regions["y"])["communitymanager"]
    national = Group.objects.get(name="Communitymanagers")
    for group_id in (other.pk, national.pk, 999_999):
        url = reverse("loket_region_team_add", args=[group_id])
        assert client.post(url, {"email": colleague.email}).status_code == 404
    assert client.post(_remove(other, manager_y)).status_code == 404
    assert not colleague.groups.exists()
    assert manager_y.groups.filter(pk=other.pk).exists()
    assert not ModelLogEntry.objects.filter(action__startswith="loket.roles.").exists()


def test_other_roles_and_members_do_not_manage_staff(client, regions, staff_of):
    # Nobody of the other roles may put themselves into Regiobeheer.
    group = region_groups(regions["x"])["regiobeheer"]
    for role in ("communitymanager", "communicatie"):
        user = staff_of("x", role)
        client.force_login(user)
        assert client.get(TEAM).status_code in (302, 403)
        assert client.post(_add(group), {"email": user.email}).status_code in (302, 403)
        assert (
            "Medewerkers van de regio"
            not in client.get(reverse("wagtailadmin_home")).content.decode()
        )
    assert not group.user_set.exists()
    client.force_login(MemberFactory())
    assert client.get(TEAM).status_code == 302  # members never reach the admin


def test_a_get_on_the_add_and_remove_urls_is_a_405(client, beheer, regions):
    group = region_groups(regions["x"])["communitymanager"]
    assert client.get(_add(group)).status_code == 405
    assert client.get(_remove(group, beheer)).status_code == 405


def test_the_team_page_takes_the_same_queries_for_few_and_many_colleagues(
    client, beheer, regions, django_assert_max_num_queries
):
    group = region_groups(regions["x"])["communitymanager"]

    def fill(n):
        for _ in range(n):
            MemberFactory().groups.add(group)

    fill(2)
    client.get(TEAM)  # warm-up: the menu, the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(TEAM).status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(TEAM).status_code == 200
