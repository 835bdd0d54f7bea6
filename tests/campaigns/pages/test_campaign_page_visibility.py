"""Periods, staff preview, Open Graph, the index, sitemap and search."""

import pytest

from django.test import Client

from campaigns.pages import CampaignPage

pytestmark = pytest.mark.django_db


def test_before_its_start_visitors_and_members_get_404(client, make_campaign, member):
    page = make_campaign(starts=3)
    assert client.get(page.url).status_code == 404
    client.force_login(member)
    assert client.get(page.url).status_code == 404


def test_before_its_start_an_editor_sees_it_uncached(client, make_campaign, editor):
    page = make_campaign(starts=3, title="Nog even geduld")
    client.force_login(editor)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Nog even geduld" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_after_its_end_a_friendly_notice_points_onwards(client, make_campaign, agenda):
    follow_up = make_campaign(title="De volgende ronde")
    page = make_campaign(
        starts=-60, ends=-1, ended_message="Dank aan alle ondernemers!", next_page=follow_up
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze campagne is afgelopen" in html
    assert "Dank aan alle ondernemers!" in html
    assert f'href="{follow_up.url}"' in html
    assert f'href="{agenda.url}"' in html


def test_an_ended_campaign_without_text_gets_the_default_copy(client, make_campaign, home):
    page = make_campaign(starts=-60, ends=-1)
    html = client.get(page.url).content.decode()
    assert "Bedankt voor je belangstelling" in html
    assert 'href="/"' in html


def test_an_unpublished_campaign_is_404(client, make_campaign):
    page = make_campaign(publish_it=False)
    assert client.get("/campagnes/" + page.slug + "/").status_code == 404


def test_preview_renders_on_phone_and_desktop_before_the_start(make_campaign, admin_client):
    page = make_campaign(starts=10, title="Straks live")
    assert [size["name"] for size in page.preview_sizes] == ["mobile", "desktop"]
    assert page.default_preview_size == "mobile"
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Straks live" in response.rendered_content
    # The admin's "view draft" is the same preview, for an editor, of the latest revision.
    page.title = "Straks live, nieuwe titel"
    page.save_revision()
    draft = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert draft.status_code == 200
    assert "Straks live, nieuwe titel" in draft.content.decode()


def test_scheduled_publication_goes_live_at_its_time(make_campaign, client):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = make_campaign(publish_it=False, title="Gepland")
    revision = page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    assert not CampaignPage.objects.get(pk=page.pk).live
    call_command("publish_scheduled")
    page = CampaignPage.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id == revision.pk
    assert client.get(page.url).status_code == 200


def test_share_tags_are_the_campaigns_own(client, make_campaign):
    from campaigns.page_demo import social_image

    page = make_campaign(
        title="Een kritische blik",
        og_title="Waarom kan ik je online niet vinden?",
        og_description="Een gratis blik op je bedrijf.",
        social_image=social_image("Deelbeeld test"),
    )
    html = client.get(page.url + "?utm_source=linkedin").content.decode()
    assert '<meta property="og:title" content="Waarom kan ik je online niet vinden?">' in html
    assert '<meta property="og:description" content="Een gratis blik op je bedrijf.">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="og:image" content="http' in html and ".fill-1200x630" in html
    assert f'<meta property="og:url" content="{page.full_url}">' in html
    assert "<title>Een kritische blik" in html


def test_share_tags_fall_back_to_title_and_intro(client, make_campaign):
    page = make_campaign(title="Samen sterker", intro="Tip een ondernemer die je kent.")
    html = client.get(page.url).content.decode()
    assert '<meta property="og:title" content="Samen sterker">' in html
    assert '<meta property="og:description" content="Tip een ondernemer die je kent.">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_the_index_lists_only_running_campaigns(client, campaign_index, make_campaign):
    make_campaign(title="Loopt nu")
    make_campaign(title="Loopt zonder einde", ends=None)
    make_campaign(title="Komt nog", starts=5)
    make_campaign(title="Voorbij", starts=-30, ends=-2)
    make_campaign(title="Niet gepubliceerd", publish_it=False)
    html = client.get(campaign_index.url).content.decode()
    assert "Loopt nu" in html and "Loopt zonder einde" in html
    for title in ["Komt nog", "Voorbij", "Niet gepubliceerd"]:
        assert title not in html


def test_the_index_says_so_when_nothing_runs(client, campaign_index):
    html = client.get(campaign_index.url).content.decode()
    assert "Op dit moment loopt er geen campagne" in html


def test_sitemap_holds_only_running_campaigns(client, make_campaign):
    running = make_campaign(slug="loopt-nu", code="loopt-nu")
    make_campaign(slug="komt-nog", code="komt-nog", starts=5)
    make_campaign(slug="nog-concept", code="nog-concept", publish_it=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert running.full_url in xml
    assert "komt-nog" not in xml and "nog-concept" not in xml


def test_search_finds_running_campaigns_only(client, make_campaign):
    make_campaign(title="Zichtbaarheidsweek loopt", intro="Zichtbaarheidsweek voor ondernemers")
    make_campaign(
        title="Zichtbaarheidsweek gepland", intro="Zichtbaarheidsweek voor ondernemers", starts=5
    )
    make_campaign(
        title="Zichtbaarheidsweek concept",
        intro="Zichtbaarheidsweek voor ondernemers",
        publish_it=False,
    )
    html = client.get("/zoeken/", {"q": "Zichtbaarheidsweek"}).content.decode()
    assert "Zichtbaarheidsweek loopt" in html
    assert "Zichtbaarheidsweek gepland" not in html
    assert "Zichtbaarheidsweek concept" not in html


def test_the_status_url_gives_a_member_their_token_link_and_counters(client, launch, member):
    anonymous = client.get(f"/campagne-status/{launch.code}/").json()
    assert anonymous["authenticated"] is False and anonymous["csrf"]
    assert "tip_link" not in anonymous
    offer = launch.offers.get()
    assert anonymous["offers"][str(offer.pk)] == {
        "total": 50,
        "claimed": 0,
        "left": 50,
        "mine": False,
    }
    signed_in = Client()
    signed_in.force_login(member)
    state = signed_in.get(f"/campagne-status/{launch.code}/")
    assert "no-cache" in state["Cache-Control"] or "max-age=0" in state["Cache-Control"]
    assert state.json()["authenticated"] is True
    assert "/r/" in state.json()["tip_link"]


def test_the_status_of_an_unknown_campaign_is_404(client, db):
    assert client.get("/campagne-status/bestaat-niet/").status_code == 404
    assert client.get("/campagne-status/" + "x" * 300 + "/").status_code == 404
