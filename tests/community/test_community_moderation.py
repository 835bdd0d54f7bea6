"""Flags and the threshold, hiding and restoring with a log, the admin queue, rate limits."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from community.models import Flag, ModerationAction, Thread
from community.services import CommunityError, discussions, moderation
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(community, member):
    return discussions.start_thread(
        community, member, kind="tip", title="Koop mijn cursus nu", body="Slechts € 999."
    )


def _flag_url(community, thread):
    return community.url + f"melden/vraag/{thread.pk}/"


def test_flags_hide_a_post_at_the_threshold_pending_review(
    client, community, thread, add_member, settings
):
    settings.COMMUNITY_FLAG_THRESHOLD = 2
    first, second = add_member(community), add_member(community)
    client.force_login(first)
    assert client.post(_flag_url(community, thread), {"reason": "spam"}).status_code == 303
    thread.refresh_from_db()
    assert not thread.is_hidden
    again = client.post(_flag_url(community, thread), {"reason": "spam"})
    assert again.status_code == 409 and Flag.objects.count() == 1
    client.force_login(second)
    client.post(_flag_url(community, thread), {"reason": "spam", "explanation": "Reclame"})
    thread.refresh_from_db()
    assert thread.is_hidden and thread.pending_review
    assert ModerationAction.objects.filter(action="auto-verborgen", thread=thread).exists()
    assert client.get(thread.get_url()).status_code == 404


def test_flag_refusals(client, community, thread, member, outsider):
    client.force_login(member)
    own = client.post(_flag_url(community, thread), {"reason": "spam"})
    assert own.status_code == 400
    client.force_login(outsider)
    assert client.post(_flag_url(community, thread), {"reason": "spam"}).status_code == 403
    client.force_login(member)
    bad = client.post(community.url + "melden/vraag/999999/", {"reason": "spam"})
    assert bad.status_code == 404
    assert not Flag.objects.exists()


def test_manager_restores_with_a_log_entry(community, thread, manager, add_member, settings):
    settings.COMMUNITY_FLAG_THRESHOLD = 1
    moderation.flag_post(thread, add_member(community), "spam")
    thread.refresh_from_db()
    assert thread.is_hidden
    moderation.restore_post(thread, manager, "Geen reclame, wel een tip.")
    thread.refresh_from_db()
    assert not thread.is_hidden and not Flag.objects.filter(resolved_at=None).exists()
    entry = ModerationAction.objects.get(action="terugzetten")
    assert entry.moderator == manager and entry.reason == "Geen reclame, wel een tip."


def test_hiding_needs_a_manager_and_a_reason(community, thread, other_member, manager):
    with pytest.raises(CommunityError) as refused:
        moderation.hide_post(thread, other_member, "Weg ermee")
    assert refused.value.status == 403
    with pytest.raises(CommunityError):
        moderation.hide_post(thread, manager, "")
    moderation.hide_post(thread, manager, "Reclame")
    assert Thread.objects.get().hidden_reason == "Reclame"


def test_moderation_through_the_page(client, community, thread, manager, other_member):
    client.force_login(other_member)
    url = community.url + f"beheer/vraag/{thread.pk}/"
    assert client.post(url, {"actie": "verbergen", "reason": "x"}).status_code == 403
    client.force_login(manager)
    assert client.post(url, {"actie": "verbergen", "reason": "Reclame"}).status_code == 303
    assert client.post(url, {"actie": "verbergen", "reason": "Reclame"}).status_code == 409
    assert client.post(url, {"actie": "ontploffen"}).status_code == 400
    dashboard = client.get(community.url + "beheer/")
    assert dashboard.status_code == 200 and "Reclame" in dashboard.content.decode()


def test_admin_moderation_queue_and_review(
    client, community, thread, add_member, outbox, django_capture_on_commit_callbacks
):
    moderation.flag_post(thread, add_member(community), "spam", "Reclame")
    staff = MemberFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(staff)
    queue = client.get("/admin/snippets/community/flag/")
    assert queue.status_code == 200 and "Koop mijn cursus nu" in queue.content.decode()
    review = f"/admin/communitybeheer/moderatie/vraag/{thread.pk}/"
    assert client.get(review).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"action": "waarschuwen", "reason": "Geen reclame graag."})
    assert response.status_code == 302
    assert "Geen reclame graag." in outbox(to=thread.author.email)[-1].text
    response = client.post(review, {"action": "blokkeren", "reason": "Blijft reclame plaatsen."})
    assert response.status_code == 302
    assert thread.author.community_memberships.get().status == "geblokkeerd"
    # Editors (no community permissions) are refused.
    editor = MemberFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Communicatie"))
    client.force_login(editor)
    assert client.get(review).status_code in (302, 403)


def test_rate_limit_on_threads_with_tighter_limits_for_new_members(
    client, community, add_member, settings
):
    settings.COMMUNITY_NEW_MEMBER_LIMITS = {"thread": (1, 3600)}
    settings.COMMUNITY_RATE_LIMITS = {"thread": (3, 3600)}
    newcomer = add_member(community)
    client.force_login(newcomer)
    data = {"kind": "vraag", "title": "Een eerste vraag", "body": "Hallo allemaal"}
    assert client.post(community.url + "discussies/nieuw/", data).status_code == 303
    response = client.post(community.url + "discussies/nieuw/", data)
    assert response.status_code == 429
    assert "eerste week" in response.content.decode()
    veteran = add_member(community)
    veteran.date_joined = timezone.now() - timedelta(days=60)
    veteran.save()
    client.force_login(veteran)
    for _ in range(3):
        assert client.post(community.url + "discussies/nieuw/", data).status_code == 303
    refused = client.post(community.url + "discussies/nieuw/", data)
    assert refused.status_code == 429 and "Probeer het later nog eens" in refused.content.decode()
    assert Thread.objects.filter(author=veteran).count() == 3


def test_rate_limit_on_replies(client, community, thread, other_member, settings):
    settings.COMMUNITY_NEW_MEMBER_LIMITS = {"reply": (2, 3600)}
    client.force_login(other_member)
    url = community.url + f"discussies/{thread.pk}/reageren/"
    assert client.post(url, {"body": "Een"}).status_code == 303
    assert client.post(url, {"body": "Twee"}).status_code == 303
    response = client.post(url, {"body": "Drie"})
    assert response.status_code == 429 and "reacties" in response.content.decode()
