"""A region's community manager manages the memberships of the own region's communities only:
the memberships admin, the community's manage pages and the admin's moderation and proposal
views all keep to the community page's region (the site whose tree it is in)."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from community.models import CommunityIndexPage, Flag, Membership, Thread, TopicProposal
from community.services import radar
from tests.factories import CommunityPageFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_community_membership:list"


def _community(site, title):
    index = CommunityIndexPage.objects.child_of(site.root_page).get()
    return CommunityPageFactory(parent=index, title=title, slug=title.lower().replace(" ", "-"))


@pytest.fixture
def world(regions):
    own = _community(regions["x"], "Bouw Utrecht")
    other = _community(regions["y"], "Bouw Gelderland")
    return {
        "own": own,
        "other": other,
        "own_member": MembershipFactory(community=own, member__email="lid.utrecht@example.nl"),
        "other_member": MembershipFactory(
            community=other, member__email="lid.gelderland@example.nl"
        ),
    }


def _at(community, suffix=""):
    """The path of ``community``'s page (plus ``suffix``) and its region's host name."""
    site = community.get_site()
    return community.relative_url(site) + suffix, site.hostname


@pytest.fixture
def manager(client, staff_of):
    user = staff_of("x", "communitymanager")
    client.force_login(user)
    return user


def test_the_memberships_list_and_export_show_the_own_regions_communities_only(
    client, world, manager
):
    html = client.get(reverse(LIST)).content.decode()
    assert "lid.utrecht@example.nl" in html or "Bouw Utrecht" in html
    assert "Bouw Gelderland" not in html

    export = client.get(reverse(LIST), {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert "Bouw Utrecht" in body.decode() and "Bouw Gelderland" not in body.decode()


def test_another_regions_membership_is_a_404_in_every_view(client, world, manager):
    pk = world["other_member"].pk
    for view in ("edit", "delete", "inspect", "history", "usage"):
        url = reverse(f"wagtailsnippets_community_membership:{view}", args=[pk])
        assert client.get(url).status_code == 404, view
    client.post(reverse("wagtailsnippets_community_membership:delete", args=[pk]))
    assert Membership.objects.filter(pk=pk).exists()
    own = world["own_member"].pk
    url = reverse("wagtailsnippets_community_membership:edit", args=[own])
    assert client.get(url).status_code == 200


def test_the_form_offers_only_the_own_regions_communities(client, world, manager):
    add = reverse("wagtailsnippets_community_membership:add")
    response = client.get(add)
    choices = [str(c) for c in response.context["form"].fields["community"].queryset]
    assert choices == ["Bouw Utrecht"]

    member = MemberFactory()
    forged = client.post(
        add,
        {"member": member.pk, "community": world["other"].pk, "status": "lid", "role": "lid"},
    )
    assert forged.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(member=member).exists()


def test_the_manage_pages_of_another_regions_community_refuse_the_manager(client, world, manager):
    other = world["other"]
    target = world["other_member"]
    path, host = _at(other, "beheer/")
    assert client.get(path, HTTP_HOST=host).status_code == 403
    path, host = _at(other, f"beheer/leden/{target.pk}/")
    response = client.post(path, {"actie": "verwijderen", "reason": "test"}, HTTP_HOST=host)
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == Membership.Status.MEMBER

    own_target = world["own_member"]
    path, host = _at(world["own"], f"beheer/leden/{own_target.pk}/")
    client.post(path, {"actie": "verwijderen", "reason": "Geen ondernemer."}, HTTP_HOST=host)
    own_target.refresh_from_db()
    assert own_target.status == Membership.Status.REMOVED


def test_a_national_community_manager_still_manages_every_region(client, world):
    national = MemberFactory()
    national.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(national)
    path, host = _at(world["other"], "beheer/")
    assert client.get(path, HTTP_HOST=host).status_code == 200
    html = client.get(reverse(LIST)).content.decode()
    assert "Bouw Gelderland" in html and "Bouw Utrecht" in html


def test_moderation_and_proposals_of_another_region_are_a_404_in_the_admin(client, world, manager):
    author = world["other_member"].member
    thread = Thread.objects.create(
        community=world["other"], author=author, title="Een vraag", body="<p>Tekst</p>"
    )
    Flag.objects.create(thread=thread, reporter=MemberFactory(), reason="spam")
    review = reverse("community_admin:review", args=["vraag", thread.pk])
    assert client.get(review).status_code == 404
    response = client.post(review, {"action": "blokkeren", "reason": "weg"})
    assert response.status_code == 404
    assert world["other_member"].status == Membership.Status.MEMBER

    proposal = TopicProposal.objects.create(
        community=world["other"], author=author, title="Over personeel"
    )
    assert (
        client.get(reverse("community_admin:plan_proposal", args=[proposal.pk])).status_code == 404
    )


def test_the_radar_keeps_to_the_regions_where_the_user_is_a_community_manager(regions, staff_of):
    user = staff_of("x", "communitymanager")
    user.groups.add(*staff_of("y", "regiobeheer").groups.all())
    user = type(user).objects.get(pk=user.pk)  # a fresh object: no cached regions

    scope = radar.radar_scope(user)

    assert scope is not None and not scope.national
    assert [site.pk for site in scope.sites] == [regions["x"].pk]
    assert radar.radar_scope(staff_of("y", "regiobeheer")) is None


def test_the_bulk_delete_refuses_another_regions_membership(client, world, manager):
    url = reverse("wagtail_bulk_action", args=["community", "membership", "delete"])
    other, own = world["other_member"].pk, world["own_member"].pk

    response = client.post(f"{url}?id={own}&id={other}")

    assert response.status_code == 404
    assert Membership.objects.filter(pk__in=[own, other]).count() == 2
    client.post(f"{url}?id={own}")
    assert not Membership.objects.filter(pk=own).exists()
