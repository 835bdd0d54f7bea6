"""Who sees what: a permission matrix over every community view, and private discussions kept
out of search, sitemap, listings and shared caches."""

import pytest

from django.contrib.auth.models import Group

from community.models import Thread
from community.services import discussions
from loket.core import registry
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_member", "manager", "staff_manager", "editor"]


@pytest.fixture
def people(community, make_community, add_member):
    elsewhere = make_community(title="Groeien met personeel", slug="groeien-elders")
    staff = MemberFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Communitymanagers"))
    editor = MemberFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Communicatie"))
    return {
        "visitor": None,
        "member": add_member(community),
        "other_member": add_member(elsewhere),
        "manager": add_member(community, role="beheerder"),
        "staff_manager": staff,
        "editor": editor,
    }


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


# What each role gets on a members-only community (200 = shown, 403 = refused with a message,
# 302 = sent to log in).
PRIVATE_MATRIX = {
    "": dict.fromkeys(ROLES, 200),
    "discussies/": {
        "visitor": 403,
        "member": 200,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 200,
        "editor": 403,
    },
    "discussies/{thread}/": {
        "visitor": 403,
        "member": 200,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 200,
        "editor": 403,
    },
    "discussies/nieuw/": {
        "visitor": 302,
        "member": 200,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 403,
        "editor": 403,
    },
    "onderwerpen/": {
        "visitor": 403,
        "member": 200,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 200,
        "editor": 403,
    },
    "leden/": {
        "visitor": 302,
        "member": 200,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 200,
        "editor": 403,
    },
    "leden/{member}/bericht/": {
        "visitor": 302,
        "member": 400,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 403,
        "editor": 403,
    },
    "beheer/": {
        "visitor": 302,
        "member": 403,
        "other_member": 403,
        "manager": 200,
        "staff_manager": 200,
        "editor": 403,
    },
}


@pytest.mark.parametrize("route", list(PRIVATE_MATRIX))
def test_permission_matrix_of_a_members_only_community(client, community, people, route):
    thread = discussions.start_thread(
        community,
        people["member"],
        kind="vraag",
        title="Vertrouwelijke vraag",
        body="Alleen voor leden.",
    )
    url = community.url + route.format(thread=thread.pk, member=people["member"].pk)
    for role in ROLES:
        expected = PRIVATE_MATRIX[route][role]
        if route.startswith("leden/{member}") and role == "member":
            expected = 400  # writing to yourself
        response = _get(client, people[role], url)
        assert response.status_code == expected, (route, role, response.status_code)
        if expected == 403:
            assert "Vertrouwelijke vraag" not in response.content.decode()


def test_public_community_discussions_are_readable_by_visitors(
    client, public_community, add_member
):
    author = add_member(public_community)
    thread = discussions.start_thread(
        public_community, author, kind="tip", title="Onze beste wervingstip", body="Vraag je team."
    )
    response = client.get(thread.get_url())
    assert response.status_code == 200
    assert "Onze beste wervingstip" in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")
    assert client.get(public_community.url + "discussies/").status_code == 200
    # Writing still needs membership.
    assert (
        client.post(
            public_community.url + f"discussies/{thread.pk}/reageren/", {"body": "Hoi"}
        ).status_code
        == 403
    )


def test_private_pages_are_never_cached_in_shared_caches(client, community, member):
    thread = discussions.start_thread(
        community, member, kind="vraag", title="Vertrouwelijk", body="Tekst"
    )
    client.force_login(member)
    for url in (community.url, community.url + "discussies/", thread.get_url()):
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"]
    html = client.get(thread.get_url()).content.decode()
    assert 'name="robots" content="noindex' in html


def test_only_public_discussions_enter_the_search_index(community, public_community, add_member):
    from wagtail.search.backends import get_search_backend

    secret = discussions.start_thread(
        community,
        add_member(community),
        kind="vraag",
        title="Faillissement dreigt bij ons",
        body="Zwaar.",
    )
    shared = discussions.start_thread(
        public_community,
        add_member(public_community),
        kind="tip",
        title="Faillissement voorkomen: tips",
        body="Open.",
    )
    found = list(get_search_backend().search("Faillissement", Thread))
    assert shared in found and secret not in found
    from community.listings import search_public_threads

    assert list(search_public_threads("Faillissement")) == [shared]


def test_a_community_turning_private_leaves_the_search_index(public_community, add_member):
    from wagtail.search.backends import get_search_backend

    thread = discussions.start_thread(
        public_community,
        add_member(public_community),
        kind="tip",
        title="Subsidie voor scholing",
        body="Open.",
    )
    assert thread in list(get_search_backend().search("Subsidie", Thread))
    public_community.is_public = False
    public_community.save_revision().publish()
    assert thread not in list(get_search_backend().search("Subsidie", Thread))


def test_hidden_posts_leave_the_search_index(public_community, add_member):
    from wagtail.search.backends import get_search_backend

    from community.services import moderation

    manager = add_member(public_community, role="beheerder")
    thread = discussions.start_thread(
        public_community,
        add_member(public_community),
        kind="tip",
        title="Koop nu mijn cursus",
        body="Reclame.",
    )
    moderation.hide_post(thread, manager, "Reclame")
    assert thread not in list(get_search_backend().search("cursus", Thread))


def test_sitemap_lists_public_threads_only(client, community, public_community, add_member):
    secret = discussions.start_thread(
        community, add_member(community), kind="vraag", title="Geheim", body="x y z"
    )
    shared = discussions.start_thread(
        public_community, add_member(public_community), kind="tip", title="Openbaar", body="x y z"
    )
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/discussies/{shared.pk}/" in xml
    assert f"/discussies/{secret.pk}/" not in xml
    assert community.url in xml  # the community page itself is public


def test_latest_listing_shows_public_discussions_only(community, public_community, add_member):
    discussions.start_thread(
        community, add_member(community), kind="vraag", title="Geheime vraag", body="x"
    )
    shared = discussions.start_thread(
        public_community, add_member(public_community), kind="tip", title="Open tip", body="x"
    )
    listings = {listing.name: listing for listing in registry.collect("latest", limit=3)}
    assert listings["discussions"].items == [shared]


def test_theme_listing_shows_communities_of_the_theme(client, make_community, theme):
    with_theme = make_community(title="Financiën op orde", slug="financien-op-orde", themes=[theme])
    make_community(title="Zonder thema", slug="zonder-thema")
    listings = {
        listing.name: listing for listing in registry.collect("by_theme", theme=theme, limit=6)
    }
    assert [c.pk for c in listings["communities"].items] == [with_theme.pk]


def test_hidden_thread_is_404_for_members_but_visible_to_managers(
    client, community, member, manager, other_member
):
    from community.services import moderation

    thread = discussions.start_thread(community, member, kind="vraag", title="Weg ermee", body="x")
    moderation.hide_post(thread, manager, "Off-topic")
    client.force_login(other_member)
    assert client.get(thread.get_url()).status_code == 404
    client.force_login(manager)
    assert "Off-topic" in client.get(thread.get_url()).content.decode()
