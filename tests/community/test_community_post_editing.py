"""Members edit and delete their own posts; Markdown formatting, its preview and its safety."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.utils import timezone

from community.models import ModerationAction, PostRevision, Reply, Thread
from community.services import CommunityError, discussions
from community.services.markup import render_markdown, source_of_stored_html
from tests.site.test_sanitize_owasp import PAYLOADS, executable_markup

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(community, member):
    return discussions.start_thread(
        community,
        member,
        kind="vraag",
        title="Hoe vinden jullie goede monteurs?",
        body="Al maanden staan twee vacatures open.",
    )


@pytest.fixture
def reply(thread, other_member):
    return discussions.post_reply(thread, other_member, "Probeer het via de vakschool.")


def _url(community, action, kind, post):
    return f"{community.url}{action}/{kind}/{post.pk}/"


def _age(post, hours):
    type(post).objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=hours))
    post.refresh_from_db()


# Markdown ------------------------------------------------------------------------------------


def test_markdown_subset_renders_bold_italic_lists_links_and_paragraphs():
    html = render_markdown(
        "Hallo **allemaal** en *welkom*.\nTweede regel.\n\n"
        "- een\n- twee\n\n1. eerst\n2. dan\n\n"
        "Zie [de KvK](https://www.kvk.nl/) of kvk.nl."
    )
    assert "<strong>allemaal</strong>" in html and "<em>welkom</em>" in html
    assert "<br>" in html and html.count("<p>") == 2
    assert "<ul>\n<li>een</li>" in html and "<ol>\n<li>eerst</li>" in html
    assert '<a href="https://www.kvk.nl/" rel="nofollow ugc noopener">de KvK</a>' in html
    # Bare domains still become links, with the same rel.
    assert '<a href="http://kvk.nl" rel="nofollow ugc noopener">kvk.nl</a>' in html


def test_markdown_shows_no_images_and_no_raw_html():
    html = render_markdown(
        '![pixel](https://tracker.example/p.gif) <b onclick="x()">vet</b> '
        "[klik](javascript:alert(1)) <https://evil.example>\n\n# Kop"
    )
    assert "<img" not in html and "<b " not in html and "<h1" not in html
    assert "&lt;b onclick" in html  # shown as the text the member typed
    assert 'href="javascript:' not in html
    assert executable_markup(f"<div>{html}</div>") == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_owasp_payloads_through_the_markdown_renderer_leave_nothing_executable(payload):
    for text in (payload, f"[klik]({payload})", f"**{payload}**\n\n- {payload}", f"`{payload}`"):
        assert executable_markup(f"<div>{render_markdown(text)}</div>") == [], text


def test_old_posts_keep_their_stored_html_and_an_unchanged_edit_keeps_their_look(
    client, community, member
):
    # Stored before Markdown: sanitised HTML, no source.
    legacy = (
        '<p>Kijk op <a href="https://www.kvk.nl/" rel="nofollow ugc noopener">de site</a>, '
        "<strong>echt</strong>.<br>Nieuwe regel</p><ul><li>een</li><li>twee</li></ul>"
    )
    thread = Thread.objects.create(
        community=community, author=member, title="Een oude vraag", body=legacy
    )
    client.force_login(member)
    page = client.get(thread.get_url()).content.decode()
    assert legacy in page
    form = client.get(_url(community, "bewerken", "vraag", thread)).content.decode()
    source = BeautifulSoup(form, "html.parser").find("textarea", attrs={"name": "body"}).text
    assert source.strip() == source_of_stored_html(legacy)
    assert render_markdown(source) == (
        '<p>Kijk op <a href="https://www.kvk.nl/" rel="nofollow ugc noopener">de site</a>, '
        "<strong>echt</strong>.<br>\nNieuwe regel</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    )


# Editing -------------------------------------------------------------------------------------


def test_member_edits_own_reply_and_the_thread_shows_bewerkt(
    client, community, thread, reply, other_member, manager
):
    client.force_login(other_member)
    form = client.get(_url(community, "bewerken", "reactie", reply))
    assert form.status_code == 200 and "Probeer het via de vakschool." in form.content.decode()
    response = client.post(
        _url(community, "bewerken", "reactie", reply),
        {"body": "Probeer het via **de vakschool** in Amersfoort."},
    )
    assert response.status_code == 303
    assert response["Location"].endswith(f"#reactie-{reply.pk}")
    reply.refresh_from_db()
    assert reply.body == "<p>Probeer het via <strong>de vakschool</strong> in Amersfoort.</p>"
    assert reply.source == "Probeer het via **de vakschool** in Amersfoort."
    page = client.get(thread.get_url()).content.decode()
    assert "bewerkt" in page and "<strong>de vakschool</strong>" in page
    revision = PostRevision.objects.get()
    assert revision.reply == reply and revision.body == "<p>Probeer het via de vakschool.</p>"
    # The author's own edit is no moderation step.
    assert not ModerationAction.objects.filter(action=ModerationAction.Action.EDIT).exists()
    # The manager sees the earlier version; the member does not.
    history_url = _url(community, "geschiedenis", "reactie", reply)
    assert client.get(history_url).status_code == 403
    client.force_login(manager)
    assert "Eerdere versies" in client.get(thread.get_url()).content.decode()
    history = client.get(history_url).content.decode()
    assert "Probeer het via de vakschool." in history and "<strong>de vakschool</strong>" in history


def test_thread_author_edits_title_and_text(client, community, thread, member):
    client.force_login(member)
    response = client.post(
        _url(community, "bewerken", "vraag", thread),
        {"title": "Waar vinden jullie goede monteurs?", "body": "Drie vacatures nu."},
    )
    assert response.status_code == 303
    thread.refresh_from_db()
    assert thread.title == "Waar vinden jullie goede monteurs?"
    assert thread.body == "<p>Drie vacatures nu.</p>" and thread.edited_at is not None
    assert PostRevision.objects.get().title == "Hoe vinden jullie goede monteurs?"


def test_editing_someone_elses_post_is_refused(client, community, thread, reply, member, outsider):
    for user in (member, outsider):
        client.force_login(user)
        url = _url(community, "bewerken", "reactie", reply)
        assert client.get(url).status_code == 403
        assert client.post(url, {"body": "Overgenomen"}).status_code == 403
    reply.refresh_from_db()
    assert reply.body == "<p>Probeer het via de vakschool.</p>"
    assert client.get(f"{community.url}bewerken/reactie/999999/").status_code == 404


def test_after_the_window_a_member_gets_a_dutch_refusal(
    client, community, thread, member, settings
):
    _age(thread, 25)
    client.force_login(member)
    url = _url(community, "bewerken", "vraag", thread)
    response = client.post(url, {"title": thread.title, "body": "Te laat"})
    assert response.status_code == 403
    assert "tot 24 uur na het plaatsen" in response.content.decode()
    assert "Bewerken" not in client.get(thread.get_url()).content.decode()
    thread.refresh_from_db()
    assert thread.body == "<p>Al maanden staan twee vacatures open.</p>"
    settings.COMMUNITY_EDIT_WINDOW_HOURS = 48
    assert client.post(url, {"title": thread.title, "body": "Op tijd"}).status_code == 303


def test_manager_edits_any_post_at_any_time_and_it_is_logged(
    client, community, thread, reply, manager, other_member
):
    _age(reply, 24 * 30)
    client.force_login(manager)
    response = client.post(
        _url(community, "bewerken", "reactie", reply), {"body": "Telefoonnummer weggehaald."}
    )
    assert response.status_code == 303
    action = ModerationAction.objects.get(action=ModerationAction.Action.EDIT)
    assert action.moderator == manager and action.member == other_member
    assert action.reply == reply
    assert PostRevision.objects.get().replaced_by == manager


@pytest.mark.parametrize(
    "body, status, message",
    [
        ("", 400, "verplicht"),
        ("   ", 400, "verplicht"),
        ("-\n-\n", 400, "een leeg bericht"),
        ("x" * 10_001, 400, "10000 tekens"),
    ],
)
def test_empty_or_huge_edits_are_form_errors(
    client, community, thread, reply, other_member, body, status, message
):
    client.force_login(other_member)
    response = client.post(_url(community, "bewerken", "reactie", reply), {"body": body})
    assert response.status_code == status
    page = response.content.decode()
    assert message in page or "leeg bericht" in page or "hooguit" in page
    reply.refresh_from_db()
    assert reply.body == "<p>Probeer het via de vakschool.</p>" and reply.edited_at is None


# Deleting ------------------------------------------------------------------------------------


def test_member_deletes_own_reply_after_a_confirm_step(
    client, community, thread, reply, other_member
):
    client.force_login(other_member)
    url = _url(community, "verwijderen", "reactie", reply)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, verwijder het" in confirm.content.decode()
    assert Reply.objects.filter(pk=reply.pk).exists()
    response = client.post(url)
    assert response.status_code == 303
    assert not Reply.objects.filter(pk=reply.pk).exists()
    action = ModerationAction.objects.get(action=ModerationAction.Action.DELETE)
    assert action.moderator == other_member and action.thread == thread
    assert "Probeer het via de vakschool" not in client.get(thread.get_url()).content.decode()


def test_deleting_needs_a_csrf_token(community, thread, reply, other_member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(other_member)
    assert strict.post(_url(community, "verwijderen", "reactie", reply)).status_code == 403
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_opening_post_with_replies_leaves_bericht_verwijderd(
    client, community, thread, reply, member
):
    discussions.edit_post(thread, member, body="Eerste versie aangepast.", title=thread.title)
    client.force_login(member)
    response = client.post(_url(community, "verwijderen", "vraag", thread))
    assert response.status_code == 303
    thread.refresh_from_db()
    assert thread.deleted_at is not None and thread.body == "" and thread.source == ""
    assert not PostRevision.objects.filter(thread=thread, reply=None).exists()
    page = client.get(thread.get_url()).content.decode()
    assert "bericht verwijderd" in page and "Probeer het via de vakschool." in page
    assert "Eerste versie" not in page
    # Deleted is deleted: no second delete, no edit.
    assert client.post(_url(community, "verwijderen", "vraag", thread)).status_code == 403
    assert client.get(_url(community, "bewerken", "vraag", thread)).status_code == 409


def test_opening_post_without_replies_goes_entirely(client, community, thread, member):
    client.force_login(member)
    response = client.post(_url(community, "verwijderen", "vraag", thread))
    assert response.status_code == 303 and response["Location"].endswith("/discussies/")
    assert not Thread.objects.exists()
    action = ModerationAction.objects.get(action=ModerationAction.Action.DELETE)
    assert action.thread is None and action.reason == "Hoe vinden jullie goede monteurs?"


def test_nobody_deletes_someone_elses_post(client, community, thread, reply, member, manager):
    for user in (member, manager):
        client.force_login(user)
        assert client.post(_url(community, "verwijderen", "reactie", reply)).status_code == 403
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_deleted_helpful_reply_clears_the_mark(
    client, community, thread, reply, member, other_member
):
    discussions.mark_helpful(thread, member, reply.pk)
    client.force_login(other_member)
    client.post(_url(community, "verwijderen", "reactie", reply))
    thread.refresh_from_db()
    assert thread.helpful_reply_id is None
    assert client.get(thread.get_url()).status_code == 200


# Preview -------------------------------------------------------------------------------------


def test_preview_renders_through_the_same_function(client, community, thread, member, outsider):
    url = f"{community.url}voorbeeld/"
    text = "Dit is **vet** en [een link](https://www.kvk.nl/)\n\n<script>alert(1)</script>"
    client.force_login(member)
    response = client.post(url, {"body": text})
    assert response.status_code == 200
    assert response.content.decode() == render_markdown(text)
    assert "<script" not in response.content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url, {"body": "x" * 20_001}).status_code == 400
    client.force_login(outsider)
    assert client.post(url, {"body": text}).status_code == 403
    # The button and its script (a static file, no inline code) are on the reply form.
    page = client.get(thread.get_url()).content.decode()
    assert "Voorbeeld" not in page  # outsiders have no form
    client.force_login(member)
    page = client.get(thread.get_url()).content.decode()
    assert "data-preview=" in page and "community/preview.js" in page


def test_nul_bytes_in_a_post_are_dropped_not_a_database_error(community, member):
    thread = discussions.start_thread(
        community, member, kind="tip", title="Een tip met rommel", body="Goed\x00 idee\r\necht"
    )
    thread.refresh_from_db()
    assert thread.source == "Goed idee\necht" and thread.body == "<p>Goed idee<br>\necht</p>"
    discussions.edit_post(thread, member, body="Nog\x00 beter", title=thread.title)
    thread.refresh_from_db()
    assert thread.source == "Nog beter"


def test_the_length_limit_counts_typed_characters_not_escaped_ones(community, member):
    # 9,000 "<" are 9,000 characters to the reader, though stored as 36,000 of "&lt;".
    thread = discussions.start_thread(
        community, member, kind="tip", title="Pijltjes overal", body="<" * 9_000
    )
    assert thread.body.count("&lt;") == 9_000
    with pytest.raises(CommunityError, match="hooguit 10000 tekens"):
        discussions.start_thread(
            community, member, kind="tip", title="Pijltjes overal", body="<" * 10_001
        )
