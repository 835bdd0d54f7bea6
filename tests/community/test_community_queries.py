"""Listing pages keep a constant number of queries as communities, threads and replies grow."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Reply, Thread
from community.services import proposals

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _threads(community, author, n, replies_each=1, repliers=()):
    now = timezone.now()
    for i in range(n):
        thread = Thread.objects.create(
            community=community,
            author=author,
            title=f"Vraag nummer {i}",
            body="<p>x</p>",
            last_activity_at=now,
        )
        Reply.objects.bulk_create(
            Reply(
                thread=thread,
                author=repliers[j % len(repliers)] if repliers else author,
                body="<p>y</p>",
            )
            for j in range(replies_each)
        )


def test_index_queries_constant_for_10_and_60_communities(client, make_community, theme, member):
    for _ in range(10):
        make_community(themes=[theme])
    client.force_login(member)
    few = _queries(client, "/communities/")
    for _ in range(50):
        make_community(themes=[theme])
    many = _queries(client, "/communities/")
    assert few == many
    assert _queries(client, f"/communities/?thema={theme.slug}&regio=utrecht&sector=F") <= many + 1


def test_community_page_thread_list_and_proposals_are_constant(
    client, community, member, add_member
):
    others = [add_member(community) for _ in range(3)]
    _threads(community, member, 10, repliers=others)
    for i in range(3):
        proposals.vote_for(
            proposals.propose_topic(community, others[i], title=f"Onderwerp {i} graag"), member
        )
    client.force_login(member)
    urls = [
        community.url,
        community.url + "discussies/",
        community.url + "onderwerpen/",
        community.url + "leden/",
    ]
    few = [_queries(client, url) for url in urls]
    _threads(community, member, 50, replies_each=3, repliers=others)
    more = [add_member(community) for _ in range(20)]
    for i in range(3, 13):
        p = proposals.propose_topic(community, more[i], title=f"Onderwerp {i} graag")
        proposals.vote_for(p, member)
    many = [_queries(client, url) for url in urls]
    assert few == many


def test_thread_page_is_constant_for_10_and_60_replies(client, community, member, add_member):
    repliers = [add_member(community) for _ in range(5)]
    _threads(community, member, 1, replies_each=10, repliers=repliers)
    thread = Thread.objects.get()
    client.force_login(member)
    few = _queries(client, thread.get_url())
    Reply.objects.bulk_create(
        Reply(thread=thread, author=repliers[i % 5], body="<p>z</p>") for i in range(50)
    )
    many = _queries(client, thread.get_url())
    assert few == many


def test_manager_dashboard_is_constant(client, community, manager, member, add_member):
    client.force_login(manager)
    _threads(community, member, 5)
    few = _queries(client, community.url + "beheer/")
    for _ in range(20):
        add_member(community)
    _threads(community, member, 30)
    many = _queries(client, community.url + "beheer/")
    assert few == many


SHARES_ALL = ["name", "company_name", "sector", "company_size", "region", "themes"]


def _fellows(community, n, **profile):
    from tests.factories import MemberFactory, MembershipFactory

    profile.setdefault("visible_fields", SHARES_ALL)
    users = [MemberFactory(**{f"profile__{k}": v for k, v in profile.items()}) for _ in range(n)]
    for user in users:
        MembershipFactory(member=user, community=community, status="lid")
    return users


def test_voor_jou_is_constant_from_10_to_110_fellow_members_and_picks_the_best(
    client, community, make_community, add_member, django_assert_num_queries
):
    me = add_member(community, sector="F", company_size="10-49", province="utrecht")
    for _ in range(3):
        make_community(sector="F")
    _fellows(community, 10, sector="G", company_size="10-49", province="utrecht")
    client.force_login(me)
    few = _queries(client, "/communities/voor-jou/")
    _fellows(community, 100, sector="G", company_size="1", province="utrecht")
    # The best match (same sector, size and province, all shared) arrives last and still wins.
    (best,) = _fellows(community, 1, sector="F", company_size="10-49", province="utrecht")
    for _ in range(30):
        make_community(sector="F")
    client.get("/communities/voor-jou/")  # new pages empty the menu cache: warm it again
    with django_assert_num_queries(few):
        response = client.get("/communities/voor-jou/")
    members = response.context["member_suggestions"]
    assert len(members) == 6
    assert members[0].item["user"] == best
    assert members[0].reason == "ook in de bouw, 10–49 medewerkers, ook uit Utrecht"
    assert [s.score for s in members] == sorted((s.score for s in members), reverse=True)
    assert len(response.context["community_suggestions"]) == 6


def test_voor_jou_never_scores_on_what_a_member_hides(client, community, add_member):
    me = add_member(community, sector="F", company_size="10-49", province="utrecht")
    (hidden,) = _fellows(community, 1, sector="F", company_size="10-49", province="utrecht")
    hidden.profile.visible_fields = ["name"]
    hidden.profile.save()
    client.force_login(me)
    response = client.get("/communities/voor-jou/")
    assert response.context["member_suggestions"] == []


def test_account_overview_is_constant_from_5_to_50_matching_communities(
    client, community, make_community, add_member, django_assert_num_queries
):
    me = add_member(community, sector="F", province="utrecht")
    for _ in range(5):
        make_community(sector="F")
    client.force_login(me)
    few = _queries(client, "/account/")
    for _ in range(45):
        make_community(sector="F", region="utrecht")
    client.get("/account/")  # new pages empty the menu cache: warm it again
    with django_assert_num_queries(few):
        html = client.get("/account/").content.decode()
    assert "in Utrecht" in html, "the best matches (sector and region) come first"


def test_member_directory_is_constant_from_10_to_110_members_and_pages_in_the_database(
    client, community, member, django_assert_num_queries
):
    _fellows(community, 10, sector="F")
    client.force_login(member)
    url = community.url + "leden/"
    few = _queries(client, url)
    filtered = _queries(client, url + "?sector=F")
    _fellows(community, 100, sector="F")
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 111
    assert len(response.context["entries"]) == 24
    with django_assert_num_queries(filtered):
        response = client.get(url + "?sector=F&pagina=5")
    assert response.context["page_obj"].paginator.count == 110
    assert len(response.context["entries"]) == 110 - 4 * 24


def test_sitemap_is_constant_from_10_to_100_public_communities(
    client, make_community, member, django_assert_num_queries
):
    def grow(n, start):
        for i in range(start, start + n):
            community = make_community(
                title=f"Open community {i}", slug=f"open-{i}", is_public=True
            )
            _threads(community, member, 2)
            hidden = Thread.objects.filter(community=community).first()
            Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    grow(10, 0)
    few = len(_queries_of(client, "/sitemap.xml"))
    grow(90, 10)
    client.get("/sitemap.xml")  # new pages empty the per-process caches: warm them again
    with django_assert_num_queries(few):
        xml = client.get("/sitemap.xml").content.decode()
    last = Thread.objects.filter(community__slug="open-99")
    shown, hidden = last.get(is_hidden=False), last.get(is_hidden=True)
    assert f"/communities/open-99/discussies/{shown.pk}/</loc>" in xml
    assert f"/discussies/{hidden.pk}/</loc>" not in xml
    assert xml.count("<loc>") >= 200


def _queries_of(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx.captured_queries
