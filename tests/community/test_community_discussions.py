"""Threads, replies, sanitising, the helpful answer, following and reply notifications."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from community.models import Reply, Thread, ThreadFollow
from community.services import CommunityError, discussions, notifications
from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def _thread(community, author, **fields):
    fields.setdefault("kind", "vraag")
    fields.setdefault("title", "Hoe vinden jullie goede monteurs?")
    fields.setdefault("body", "Al maanden staan twee vacatures open. Wat werkt bij jullie?")
    return discussions.start_thread(community, author, **fields)


def test_member_starts_a_thread_and_follows_it(client, community, member):
    client.force_login(member)
    response = client.post(
        community.url + "discussies/nieuw/",
        {"kind": "vraag", "title": "Hoe vinden jullie goede monteurs?", "body": "Wie heeft tips?"},
    )
    assert response.status_code == 303
    thread = Thread.objects.get()
    assert thread.author == member and thread.body == "<p>Wie heeft tips?</p>"
    assert ThreadFollow.objects.filter(user=member, thread=thread).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Hoe vinden jullie goede monteurs?" in page.content.decode()


def test_scripts_and_tracking_pixels_are_removed_links_lists_and_bold_stay(
    client, community, member
):
    client.force_login(member)
    body = (
        "Kijk [hier](https://www.kvk.nl/) en **let op**.\n\n"
        "- een\n- twee\n\n"
        '<script>alert("xss")</script>\n\n'
        '<img src="https://tracker.example/p.gif" width="1" height="1">\n\n'
        "![pixel](https://tracker.example/p.gif) [klik](javascript:alert(1))\n\n"
        '<a href="https://evil.example" onclick="steal()">klik</a>'
        '<iframe src="https://evil.example"></iframe>'
    )
    client.post(
        community.url + "discussies/nieuw/",
        {"kind": "tip", "title": "<script>x</script>Een handige link", "body": body},
    )
    thread = Thread.objects.get()
    # Raw HTML is shown as the text it is, never as markup: no element loads or runs anything.
    soup = BeautifulSoup(thread.body, "html.parser")
    assert not soup.find_all(["script", "img", "iframe"]) and "&lt;script&gt;" in thread.body
    assert not soup.find_all(attrs={"onclick": True})
    assert all(a["href"].startswith("https://") for a in soup.find_all("a"))
    assert all(a["rel"] == ["nofollow", "ugc", "noopener"] for a in soup.find_all("a"))
    assert (
        '<a href="https://www.kvk.nl/" rel="nofollow ugc noopener">hier</a>' in thread.body
        and "<strong>let op</strong>" in thread.body
        and "<li>twee</li>" in thread.body
    )
    assert thread.source.startswith("Kijk [hier](https://www.kvk.nl/)")
    assert thread.title == "Een handige link"
    html = client.get(thread.get_url()).content.decode()
    assert "<script>alert" not in html and '<img src="https://tracker' not in html


@pytest.mark.parametrize(
    "body, message",
    [("", "verplicht"), ("-\n-\n", "leeg bericht"), ("x" * 10_001, "hooguit")],
)
def test_empty_and_oversized_posts_are_refused_with_nothing_stored(
    client, community, member, body, message
):
    client.force_login(member)
    response = client.post(
        community.url + "discussies/nieuw/",
        {"kind": "vraag", "title": "Een goede titel", "body": body},
    )
    assert response.status_code == 400
    assert message in response.content.decode().lower() or "tekens" in response.content.decode()
    assert not Thread.objects.exists()


def test_non_member_cannot_post_or_reply(client, community, member, outsider):
    thread = _thread(community, member)
    client.force_login(outsider)
    response = client.post(
        community.url + "discussies/nieuw/",
        {"kind": "vraag", "title": "Een goede titel", "body": "Hallo"},
    )
    assert response.status_code == 403
    reply = client.post(community.url + f"discussies/{thread.pk}/reageren/", {"body": "Hallo"})
    assert reply.status_code == 403
    assert Thread.objects.count() == 1 and not Reply.objects.exists()


def test_reply_to_a_locked_thread_is_refused(client, community, member, other_member, manager):
    from community.services import moderation

    thread = _thread(community, member)
    moderation.lock_thread(thread, manager, True, "Alles is gezegd.")
    client.force_login(other_member)
    response = client.post(
        community.url + f"discussies/{thread.pk}/reageren/", {"body": "Nog iets"}
    )
    assert response.status_code == 409
    assert "gesloten" in response.content.decode()
    assert not Reply.objects.exists()


def test_forged_thread_of_another_community_is_not_found(
    client, community, make_community, member, add_member
):
    elsewhere = make_community(title="Ondernemen in zwaar weer", slug="zwaar-weer")
    stranger = add_member(elsewhere)
    foreign = _thread(elsewhere, stranger)
    client.force_login(member)
    for url in ("", "reageren/", "volgen/", "nuttig/"):
        response = client.post(
            community.url + f"discussies/{foreign.pk}/{url}", {"body": "Hallo", "reactie": "1"}
        )
        assert response.status_code == 404, url
    assert not Reply.objects.exists()


def test_replies_notify_followers_once_as_bulk_mail(
    client, community, member, other_member, add_member, outbox, django_capture_on_commit_callbacks
):
    third = add_member(community)
    thread = _thread(community, member)
    discussions.follow_thread(thread, third)
    client.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            community.url + f"discussies/{thread.pk}/reageren/",
            {"body": "Probeer een aanbrengpremie."},
        )
    assert response.status_code == 303
    reply = Reply.objects.get()
    mails = outbox(template="notification")
    assert sorted(m.to for m in mails) == sorted([member.email, third.email])
    assert all(m.category == "bulk" and "List-Unsubscribe" in m.headers for m in mails)
    assert all(
        m.idempotency_key == f"community-reply:{reply.pk}:{u.pk}"
        for m, u in zip(
            sorted(mails, key=lambda m: m.to),
            sorted([member, third], key=lambda u: u.email),
            strict=True,
        )
    )
    # The task running again sends nothing new.
    from community.tasks import notify_reply_followers

    with django_capture_on_commit_callbacks(execute=True):
        notify_reply_followers(reply.pk)
    assert len(outbox(template="notification")) == 2
    assert ThreadFollow.objects.filter(user=other_member, thread=thread).exists()
    assert len(mail.outbox) == 2


def test_a_reply_whose_notification_task_was_lost_is_fanned_out_by_the_sweep(
    client, community, member, other_member, outbox
):
    """The broker was down after the commit (or the process died before publishing): the task
    never ran. Here nothing runs the on-commit publish, as in that outage."""
    thread = _thread(community, member)
    client.force_login(other_member)
    response = client.post(
        community.url + f"discussies/{thread.pk}/reageren/", {"body": "Probeer een aanbrengpremie."}
    )
    assert response.status_code == 303
    reply = Reply.objects.get()
    assert outbox(template="notification") == []

    # Within the grace the task may still be on its way: the sweep leaves the reply alone.
    assert notifications.sweep_reply_notifications(now=reply.created_at + timedelta(minutes=5)) == 0
    later = reply.created_at + notifications.REPLY_SWEEP_GRACE + timedelta(minutes=1)
    assert notifications.sweep_reply_notifications(now=later) == 1
    [notice] = outbox(template="notification")
    assert notice.to == member.email
    assert notice.idempotency_key == f"community-reply:{reply.pk}:{member.pk}"
    assert "Probeer een aanbrengpremie." in notice.text

    # The next sweep, and the task arriving late after all, add nothing.
    assert notifications.sweep_reply_notifications(now=later + timedelta(minutes=10)) == 0
    from community.tasks import notify_reply_followers

    notify_reply_followers(reply.pk)
    assert len(outbox(template="notification")) == 1
    # Beyond the window an old reply is not announced any more.
    Reply.objects.filter(pk=reply.pk).update(created_at=reply.created_at - timedelta(days=3))
    OutgoingMail.objects.all().delete()
    assert notifications.sweep_reply_notifications(now=later) == 0


def test_only_the_asker_marks_the_helpful_answer(
    client, community, member, other_member, add_member
):
    thread = _thread(community, member)
    reply = discussions.post_reply(thread, other_member, "Een aanbrengpremie werkt goed.")
    third = add_member(community)
    client.force_login(third)
    response = client.post(community.url + f"discussies/{thread.pk}/nuttig/", {"reactie": reply.pk})
    assert response.status_code == 403
    client.force_login(member)
    response = client.post(community.url + f"discussies/{thread.pk}/nuttig/", {"reactie": reply.pk})
    assert response.status_code == 303
    thread.refresh_from_db()
    assert thread.helpful_reply == reply
    assert "Nuttigste antwoord" in client.get(thread.get_url()).content.decode()
    bad = client.post(community.url + f"discussies/{thread.pk}/nuttig/", {"reactie": "abc"})
    assert bad.status_code == 400
    # Again: unmark.
    client.post(community.url + f"discussies/{thread.pk}/nuttig/", {"reactie": reply.pk})
    thread.refresh_from_db()
    assert thread.helpful_reply is None


def test_helpful_reply_must_belong_to_the_thread(community, member, other_member):
    thread = _thread(community, member)
    other = _thread(community, other_member, title="Een andere vraag hier")
    foreign_reply = discussions.post_reply(other, member, "Antwoord elders")
    with pytest.raises(CommunityError) as refused:
        discussions.mark_helpful(thread, member, foreign_reply.pk)
    assert refused.value.status == 400


def test_follow_and_unfollow(client, community, member, other_member):
    thread = _thread(community, member)
    client.force_login(other_member)
    assert client.post(community.url + f"discussies/{thread.pk}/volgen/").status_code == 303
    assert ThreadFollow.objects.filter(user=other_member).exists()
    assert client.post(community.url + f"discussies/{thread.pk}/volgen/").status_code == 409
    client.post(community.url + f"discussies/{thread.pk}/volgen/", {"actie": "ontvolgen"})
    assert not ThreadFollow.objects.filter(user=other_member).exists()
