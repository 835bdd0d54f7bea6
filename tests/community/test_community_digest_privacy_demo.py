"""The daily and weekly digest, the AVG export and erasure, and the seed_demo step."""

from datetime import timedelta

import pytest

from django.conf import settings
from django.utils import timezone

from community.models import Membership, ProposalVote, Reply, Thread
from community.services import discussions, notifications, proposals
from loket.accounts import privacy

pytestmark = pytest.mark.django_db


def test_digest_per_member_choice_idempotent_per_period(
    community, member, other_member, outbox, django_capture_on_commit_callbacks
):
    member.profile.digest_frequency = "dagelijks"
    member.profile.save()
    other_member.profile.digest_frequency = "wekelijks"
    other_member.profile.save()
    discussions.start_thread(
        community, other_member, kind="vraag", title="Wie kent een goede accountant?", body="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_digests("dagelijks") == 1
        assert notifications.send_digests("dagelijks") == 1  # the same row again, nothing new
        assert notifications.send_digests("wekelijks") == 1
    daily = outbox(to=member.email, template="community_digest")
    assert len(daily) == 1
    assert "Wie kent een goede accountant?" in daily[0].text
    assert daily[0].category == "bulk" and "List-Unsubscribe" in daily[0].headers
    assert len(outbox(template="community_digest")) == 2
    tomorrow = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_digests("dagelijks", now=tomorrow)
    assert len(outbox(to=member.email, template="community_digest")) == 1, "nothing new: no mail"


def test_digest_tasks_are_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"community.tasks.send_daily_digests", "community.tasks.send_weekly_digests"} <= tasks


def test_export_and_erase_keeping_content(community, member, other_member):
    thread = discussions.start_thread(
        community, member, kind="vraag", title="Mijn vraag over btw", body="x"
    )
    discussions.post_reply(thread, other_member, "Antwoord")
    proposal = proposals.propose_topic(community, other_member, title="Samen inkopen")
    proposals.vote_for(proposal, member)
    data = privacy.export(member)["communities"]
    assert data["lidmaatschappen"][0]["community"] == community.title
    assert data["discussies"][0]["titel"] == "Mijn vraag over btw"
    assert data["stemmen"][0]["onderwerp"] == "Samen inkopen"
    privacy.erase(member, keep_content=True)
    thread.refresh_from_db()
    assert thread.author is None and thread.author_name == "Oud-lid"
    assert not Membership.objects.filter(member=member).exists()
    assert not ProposalVote.objects.filter(voter=member).exists()


def test_erase_without_content_keeps_others_answers(community, member, other_member):
    answered = discussions.start_thread(
        community, member, kind="vraag", title="Beantwoorde vraag", body="geheim"
    )
    discussions.post_reply(answered, other_member, "Mijn hulp")
    discussions.start_thread(community, member, kind="tip", title="Losse tip van mij", body="x")
    discussions.post_reply(answered, member, "Dank je!")
    discussions.edit_post(answered, member, body="nog geheimer", title=answered.title)
    privacy.erase(member, keep_content=False)
    answered.refresh_from_db()
    assert answered.author is None and "geheim" not in answered.body
    # Neither the typed text nor an earlier version keeps what was erased.
    assert answered.source == "" and not answered.revisions.exists()
    assert list(Reply.objects.values_list("body", flat=True)) == ["<p>Mijn hulp</p>"]
    assert not Thread.objects.filter(title="Losse tip van mij").exists()


def test_seed_demo_step_is_idempotent(home):
    from community.demo import seed_communities
    from community.models import CommunityPage, TopicProposal
    from events.demo import seed_events
    from loket.core.demo import seed_members
    from loket.core.seeding import SeedContext

    ctx = SeedContext(options={}, home=home)
    seed_members(ctx)
    seed_events(ctx)
    seed_communities(ctx)
    counts = (
        CommunityPage.objects.count(),
        Thread.objects.count(),
        Reply.objects.count(),
        ProposalVote.objects.count(),
    )
    seed_communities(SeedContext(options={}, home=home))
    # The demo's communities page is in the main menu, like the other sections.
    from community.models import CommunityIndexPage

    assert CommunityIndexPage.objects.get().show_in_menus
    assert counts == (
        CommunityPage.objects.count(),
        Thread.objects.count(),
        Reply.objects.count(),
        ProposalVote.objects.count(),
    )
    assert set(CommunityPage.objects.values_list("title", flat=True)) == {
        "Bouwondernemers Amersfoort",
        "Groeien met personeel",
        "Ondernemen in zwaar weer",
    }
    planned = TopicProposal.objects.get(status="gepland")
    assert planned.event.live
    assert Thread.objects.exclude(helpful_reply=None).exists()
    assert Membership.objects.filter(status="aangevraagd").exists()
