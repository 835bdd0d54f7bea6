"""The staff views that list or decide on members' and communities' data keep a regional staff
member to their own region: what another region owns is not listed, and a forged id of it
answers 404 and changes nothing."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.pages import national_campaign_index
from community.models import (
    CommunityIndexPage,
    CommunityPage,
    Flag,
    ModerationAction,
    Thread,
    TopicProposal,
)
from community.models.discussions import FlagReason
from loket.credits import services as credits
from loket.credits.models import Status
from tests.factories import CampaignPageFactory, MemberFactory

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


# --- Community moderation queue, moderation log and topic proposals ---------------------------


def _community(site, title):
    index = CommunityIndexPage.objects.descendant_of(site.root_page).first()
    parent = index or site.root_page
    community = CommunityPage(title=title, slug=title.lower().replace(" ", "-"), intro="Samen.")
    parent.add_child(instance=community)
    return community


@pytest.fixture
def two_communities(regions):
    """{"x": a community in Regio Utrecht, "y": one in Regio Gelderland}, each with a flagged
    question, a line in the moderation log and a topic proposal."""
    made = {}
    for key, place in (("x", "Utrecht"), ("y", "Gelderland")):
        community = _community(regions[key], f"Ondernemers {place}")
        author = MemberFactory()
        thread = Thread.objects.create(
            community=community, author=author, title=f"Vraag uit {place}", body="Hoe?"
        )
        Flag.objects.create(reporter=MemberFactory(), thread=thread, reason=FlagReason.SPAM)
        ModerationAction.objects.create(
            community=community,
            action=ModerationAction.Action.WARN,
            member=author,
            reason=f"Toon in {place}",
        )
        proposal = TopicProposal.objects.create(
            community=community, author=author, title=f"Voorstel uit {place}"
        )
        made[key] = {"community": community, "thread": thread, "proposal": proposal}
    return made


def test_a_community_manager_sees_only_the_own_regions_queue_log_and_proposals(
    client, staff_of, two_communities
):
    client.force_login(staff_of("x", "communitymanager"))
    for name, ours, theirs in (
        ("flag", "Vraag uit Utrecht", "Vraag uit Gelderland"),
        ("moderationaction", "Toon in Utrecht", "Toon in Gelderland"),
        ("topicproposal", "Voorstel uit Utrecht", "Voorstel uit Gelderland"),
    ):
        listing = client.get(reverse(f"wagtailsnippets_community_{name}:list"))
        assert listing.status_code == 200, name
        assert ours in listing.text and theirs not in listing.text, name


def test_another_regions_flag_proposal_or_log_line_answers_404(client, staff_of, two_communities):
    theirs = two_communities["y"]
    client.force_login(staff_of("x", "communitymanager"))
    review = reverse("community_admin:review", args=["vraag", theirs["thread"].pk])
    assert client.get(review).status_code == 404
    assert client.post(review, {"action": "verbergen", "reason": "x"}).status_code == 404
    theirs["thread"].refresh_from_db()
    assert not theirs["thread"].is_hidden

    plan = reverse("community_admin:plan_proposal", args=[theirs["proposal"].pk])
    assert client.get(plan).status_code == 404
    assert client.post(plan).status_code == 404
    theirs["proposal"].refresh_from_db()
    assert theirs["proposal"].event_id is None

    flag = Flag.objects.get(thread=theirs["thread"])
    inspect = reverse("wagtailsnippets_community_flag:inspect", args=[flag.pk])
    assert client.get(inspect).status_code == 404
    line = ModerationAction.objects.get(community=theirs["community"])
    inspect = reverse("wagtailsnippets_community_moderationaction:inspect", args=[line.pk])
    assert client.get(inspect).status_code == 404

    ours = two_communities["x"]
    own = reverse("community_admin:review", args=["vraag", ours["thread"].pk])
    assert client.get(own).status_code == 200


# --- Campaign results -------------------------------------------------------------------------


@pytest.fixture
def campaigns(regions):
    """A campaign of each region and a national one (under the national campaigns' index)."""
    return {
        "x": CampaignPageFactory(parent=regions["x"].root_page, title="Ondernemen in Utrecht"),
        "y": CampaignPageFactory(parent=regions["y"].root_page, title="Ondernemen in Gelderland"),
        "national": CampaignPageFactory(
            parent=national_campaign_index(), title="Landelijke startersweek"
        ),
    }


def test_regional_communicatie_reads_the_own_and_national_campaigns_results(
    client, staff_of, campaigns
):
    client.force_login(staff_of("x", "communicatie"))
    index = client.get(reverse("attribution_admin:index"))
    assert index.status_code == 200
    assert "Ondernemen in Utrecht" in index.text and "Landelijke startersweek" in index.text
    assert "Ondernemen in Gelderland" not in index.text
    assert "Overig" not in index.text  # unknown codes belong to no region

    for name in ("x", "national"):
        url = reverse("attribution_admin:detail", args=[campaigns[name].pk])
        assert client.get(url).status_code == 200
    theirs = campaigns["y"].pk
    assert client.get(reverse("attribution_admin:detail", args=[theirs])).status_code == 404
    assert client.get(reverse("attribution_admin:csv", args=[theirs])).status_code == 404


def test_national_communicatie_sees_every_regions_results_side_by_side(client, campaigns):
    national = MemberFactory(is_staff=True)
    national.groups.add(Group.objects.get(name="Communicatie"))
    client.force_login(national)
    index = client.get(reverse("attribution_admin:index"))
    rows = [row["page"].title for row in index.context["rows"]]
    assert set(rows) >= {
        "Ondernemen in Utrecht",
        "Ondernemen in Gelderland",
        "Landelijke startersweek",
    }
    regions = {row["page"].title: row["region"] for row in index.context["rows"]}
    assert regions["Ondernemen in Utrecht"] == "Regio Utrecht"
    assert regions["Ondernemen in Gelderland"] == "Regio Gelderland"
    assert regions["Landelijke startersweek"] == "Landelijk"
    assert "Overig" in index.text


# --- Registrations ----------------------------------------------------------------------------


def test_a_regions_staff_list_and_open_only_their_regions_registrations(client, regions, staff_of):
    from events.models import EventIndexPage
    from tests.factories import EventPageFactory, RegistrationFactory

    def registration(region, title, name):
        agenda = EventIndexPage.objects.child_of(regions[region].root_page).get()
        event = EventPageFactory(parent=agenda, title=title)
        return RegistrationFactory(event=event, user=MemberFactory(first_name=name))

    mine = registration("x", "Ondernemerscafé Utrecht", "Utrechter")
    theirs = registration("y", "Ondernemerscafé Arnhem", "Arnhemmer")
    client.force_login(staff_of("x", "communitymanager"))
    html = client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert "Utrechter" in html and "Arnhemmer" not in html
    inspect = "wagtailsnippets_events_registration:inspect"
    assert client.get(reverse(inspect, args=[mine.pk])).status_code == 200
    assert client.get(reverse(inspect, args=[theirs.pk])).status_code == 404
    export = client.get(reverse("wagtailsnippets_events_registration:list") + "?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.text
    assert "Ondernemerscafé Utrecht" in body and "Ondernemerscafé Arnhem" not in body
