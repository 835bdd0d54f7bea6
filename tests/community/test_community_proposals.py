"""Topic proposals: proposing, voting once, retracting, declining, and becoming an event."""

import pytest

from community.models import CommunityEvent, ProposalVote, TopicProposal
from community.services import CommunityError, proposals

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(home):
    from events.models import EventIndexPage

    index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def proposal(community, member, theme):
    return proposals.propose_topic(
        community,
        member,
        title="Hoe financier ik een overname?",
        description="Bank of familie?",
        theme=theme,
    )


def test_member_proposes_through_the_page(client, community, member, theme):
    client.force_login(member)
    response = client.post(
        community.url + "onderwerpen/", {"title": "Samen inkopen", "theme": theme.pk}
    )
    assert response.status_code == 303
    assert TopicProposal.objects.get().title == "Samen inkopen"
    bad = client.post(community.url + "onderwerpen/", {"title": "", "theme": 999999})
    assert bad.status_code == 400
    assert TopicProposal.objects.count() == 1


def test_vote_once_retract_and_vote_again(client, community, proposal, other_member):
    client.force_login(other_member)
    url = community.url + f"onderwerpen/{proposal.pk}/stem/"
    assert client.post(url).status_code == 303
    twice = client.post(url)
    assert twice.status_code == 409 and "al op dit voorstel gestemd" in twice.content.decode()
    assert ProposalVote.objects.filter(proposal=proposal).count() == 1
    page = client.get(community.url + "onderwerpen/").content.decode()
    assert "1 stem" in page and "Trek mijn stem in" in page
    assert client.post(url, {"actie": "intrekken"}).status_code == 303
    assert not ProposalVote.objects.exists()
    again = client.post(url, {"actie": "intrekken"})
    assert again.status_code == 409
    assert client.post(url).status_code == 303
    assert ProposalVote.objects.count() == 1


def test_outsiders_cannot_vote_and_unknown_proposals_are_404(
    client, community, proposal, outsider, make_community, add_member
):
    client.force_login(outsider)
    assert client.post(community.url + f"onderwerpen/{proposal.pk}/stem/").status_code == 403
    elsewhere = make_community(slug="elders", title="Elders")
    stranger = add_member(elsewhere)
    client.force_login(stranger)
    # The proposal exists, but not in this community: a forged id.
    assert client.post(elsewhere.url + f"onderwerpen/{proposal.pk}/stem/").status_code == 404
    assert not ProposalVote.objects.exists()


def test_reject_needs_a_reason_members_see(client, community, proposal, manager, member):
    with pytest.raises(CommunityError):
        proposals.reject_proposal(proposal, manager, "")
    proposals.reject_proposal(proposal, manager, "Staat al gepland in een andere community.")
    client.force_login(member)
    page = client.get(community.url + "onderwerpen/").content.decode()
    assert "Afgewezen" in page and "Staat al gepland in een andere community." in page
    with pytest.raises(CommunityError) as closed:
        proposals.vote_for(proposal, member)
    assert closed.value.status == 409


def test_manager_turns_a_proposal_into_a_draft_event(
    client, community, proposal, manager, agenda, theme
):
    client.force_login(manager)
    response = client.post(
        community.url + f"beheer/onderwerpen/{proposal.pk}/", {"actie": "plannen"}
    )
    assert response.status_code == 303
    proposal.refresh_from_db()
    event = proposal.event
    assert proposal.status == "gepland" and event is not None
    assert not event.live and event.get_parent().pk == agenda.pk
    assert event.title == "Hoe financier ik een overname?" and list(event.themes.all()) == [theme]
    assert CommunityEvent.objects.filter(community=community, event=event).exists()
    twice = client.post(community.url + f"beheer/onderwerpen/{proposal.pk}/", {"actie": "plannen"})
    assert twice.status_code == 409


def test_members_cannot_plan(client, community, proposal, member, agenda):
    client.force_login(member)
    response = client.post(
        community.url + f"beheer/onderwerpen/{proposal.pk}/", {"actie": "plannen"}
    )
    assert response.status_code == 403
    assert TopicProposal.objects.get().status == "open"


def test_voters_are_mailed_once_when_the_event_is_published(
    community,
    proposal,
    manager,
    other_member,
    add_member,
    agenda,
    outbox,
    django_capture_on_commit_callbacks,
):
    third = add_member(community)
    proposals.vote_for(proposal, other_member)
    proposals.vote_for(proposal, third)
    event = proposals.plan_as_event(proposal, manager)
    assert not outbox(), "nothing is mailed for a draft"
    event.venue_name = "Het Ondernemershuis"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision(user=manager).publish()
    recipients = sorted(m.to for m in outbox())
    assert recipients == sorted([other_member.email, third.email, proposal.author.email])
    assert all(event.title in m.subject for m in outbox())
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision(user=manager).publish()
    assert len(outbox()) == 3


def test_other_events_publishing_mail_nobody(
    community, agenda, outbox, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventPage

    start = timezone.now() + timedelta(days=5)
    event = EventPage(
        title="Los",
        slug="los",
        intro="x",
        start=start,
        end=start + timedelta(hours=1),
        venue_name="Zaal",
    )
    agenda.add_child(instance=event)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert not outbox()


def test_admin_action_plans_a_proposal(client, proposal, agenda):
    from django.contrib.auth.models import Group

    from tests.factories import MemberFactory

    staff = MemberFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(staff)
    url = f"/admin/communitybeheer/voorstel/{proposal.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "gepland" and proposal.event_id
    listing = client.get("/admin/snippets/community/topicproposal/")
    assert listing.status_code == 200 and proposal.title in listing.content.decode()


def test_the_published_event_shows_the_organising_community(
    client, community, proposal, manager, agenda
):
    client.force_login(manager)
    client.post(community.url + f"beheer/onderwerpen/{proposal.pk}/", {"actie": "plannen"})
    event = TopicProposal.objects.get().event
    event.save_revision().publish()
    client.logout()

    html = client.get(event.url).content.decode()
    assert "Georganiseerd met" in html
    assert f'href="{community.url}"' in html
