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
