"""Each region is its own site: registry listings show only that region's communities."""

import pytest

from wagtail.models import Page, Site

from community.listings import communities_for_theme, latest_public_discussions
from community.models import CommunityIndexPage, CommunityPage, Thread


def build_community(index, title, themes=(), **fields):
    slug = title.lower().replace(" ", "-")
    community = CommunityPage(title=title, slug=slug, intro="Ondernemers helpen elkaar.", **fields)
    index.add_child(instance=community)
    community.themes.set(themes)
    community.save_revision().publish()
    return CommunityPage.objects.get(pk=community.pk)


pytestmark = pytest.mark.django_db


@pytest.fixture
def other_region(home):
    root = Page.get_first_root_node()
    other_home = root.add_child(title="Regio Zwolle", slug="zwolle")
    site = Site.objects.create(hostname="zwolle.example", port=80, root_page=other_home)
    index = CommunityIndexPage(title="Communities", slug="communities", intro="Zwolle.")
    other_home.add_child(instance=index)
    index.save_revision().publish()
    return site, index


def test_theme_listing_keeps_to_the_requests_region(community_index, other_region, theme):
    site, zwolle_index = other_region
    ours = build_community(community_index, title="Ondernemers Utrecht", themes=[theme])
    theirs = build_community(zwolle_index, title="Ondernemers Zwolle", themes=[theme])
    own_site = Site.objects.get(is_default_site=True)

    assert communities_for_theme(theme, site=own_site) == [ours]
    assert communities_for_theme(theme, site=site) == [theirs]


def test_latest_discussions_keep_to_the_requests_region(community_index, other_region, outsider):
    site, zwolle_index = other_region
    ours = build_community(community_index, title="Utrecht open", is_public=True)
    theirs = build_community(zwolle_index, title="Zwolle open", is_public=True)
    Thread.objects.create(community=ours, author=outsider, title="Vraag uit Utrecht", body="x")
    Thread.objects.create(community=theirs, author=outsider, title="Vraag uit Zwolle", body="x")

    titles = [t.title for t in latest_public_discussions(site=site)]
    assert titles == ["Vraag uit Zwolle"]
