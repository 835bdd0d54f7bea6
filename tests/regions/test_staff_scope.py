"""The staff views that list or decide on members' and communities' data keep a regional staff
member to their own region: what another region owns is not listed, and a forged id of it
answers 404 and changes nothing."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.credits import services as credits
from loket.credits.models import Status
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _award(member, reason):
    award, _ = credits.award_credits(
        member, 10, reason=reason, reference=f"r:{reason}", needs_review=True
    )
    return award


# --- Credits awards review --------------------------------------------------------------------


def test_a_community_manager_reviews_only_awards_of_the_own_regions_members(
    client, regions, staff_of
):
    ours = _award(MemberFactory(profile__home_site=regions["x"]), "Tip uit Utrecht")
    theirs = _award(MemberFactory(profile__home_site=regions["y"]), "Tip uit Gelderland")
    client.force_login(staff_of("x", "communitymanager"))

    page = client.get(reverse("credits_admin:review"))
    assert page.status_code == 200
    assert "Tip uit Utrecht" in page.text and "Tip uit Gelderland" not in page.text

    forged = client.post(reverse("credits_admin:decide", args=[theirs.pk, "goedkeuren"]))
    assert forged.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING and theirs.decided_by is None

    client.post(reverse("credits_admin:decide", args=[ours.pk, "goedkeuren"]))
    ours.refresh_from_db()
    assert ours.status == Status.AVAILABLE


def test_members_without_a_home_region_count_as_the_default_sites(client, regions, staff_of):
    regions["x"].is_default_site = True
    regions["x"].save()
    _award(MemberFactory(profile__home_site=None), "Tip zonder regio")
    client.force_login(staff_of("x", "communitymanager"))
    assert "Tip zonder regio" in client.get(reverse("credits_admin:review")).text
    client.force_login(staff_of("y", "communitymanager"))
    assert "Tip zonder regio" not in client.get(reverse("credits_admin:review")).text


def test_national_staff_review_every_regions_awards(client, regions):
    _award(MemberFactory(profile__home_site=regions["x"]), "Tip uit Utrecht")
    _award(MemberFactory(profile__home_site=regions["y"]), "Tip uit Gelderland")
    national = MemberFactory(is_staff=True)
    national.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(national)
    page = client.get(reverse("credits_admin:review")).text
    assert "Tip uit Utrecht" in page and "Tip uit Gelderland" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_regional_review_list_keeps_its_query_count(client, regions, staff_of):
    client.force_login(staff_of("x", "communitymanager"))
    url = reverse("credits_admin:review")
    _award(MemberFactory(profile__home_site=regions["x"]), "Tip 0")
    client.get(url)
    one = _queries(client, url)
    for n in range(1, 5):
        _award(MemberFactory(profile__home_site=regions["x"]), f"Tip {n}")
    assert _queries(client, url) == one
