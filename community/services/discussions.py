"""Threads and replies: starting, replying, editing, deleting, following and the helpful answer.

Members write a small Markdown subset (``markup.render_markdown``): the text as typed is kept in
``source`` for editing, the rendered and sanitised HTML in ``body``. Scripts, images (tracking
pixels), raw HTML, styles and iframes never survive. Only members write; a locked or hidden thread
takes no replies. A member edits their own post for ``COMMUNITY_EDIT_WINDOW_HOURS``, a manager
any post at any time; every earlier version is kept as a ``PostRevision``.
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from loket.sanitize import clean_text

from ..models import ModerationAction, PostRevision, Reply, Thread, ThreadFollow
from ..models.discussions import ThreadKind
from ..permissions import access_for
from . import CommunityError
from .limits import check_rate_limit
from .markup import render_markdown
from .membership import _log
from .notifications import notify_helpful_answer

if TYPE_CHECKING:
    from loket.accounts.models import User

    from ..models import CommunityPage
    from . import Visitor

MIN_TITLE_CHARS = 5
MAX_TITLE_CHARS = 160
MAX_BODY_CHARS = 10_000
DEFAULT_EDIT_WINDOW_HOURS = 24


def clean_title(title: str | None) -> str:
    title = " ".join(clean_text(title or "").split())
    if len(title) < MIN_TITLE_CHARS:
        raise CommunityError(
            _("Geef je bericht een titel van minstens %(min)s tekens.") % {"min": MIN_TITLE_CHARS}
        )
    if len(title) > MAX_TITLE_CHARS:
        raise CommunityError(
            _("Houd de titel kort: hooguit %(max)s tekens.") % {"max": MAX_TITLE_CHARS}
        )
    return title


def clean_body(body: str | None) -> str:
    """Rendered, sanitised HTML of the member's Markdown; refuses empty and oversized text."""
    raw = str(body or "")
    if len(raw) > MAX_BODY_CHARS * 2:
        raise CommunityError(
            _("Je tekst is te lang: hooguit %(max)s tekens.") % {"max": MAX_BODY_CHARS}
        )
    cleaned = render_markdown(clean_source(raw))
    # Counted as the reader sees it: a typed "<" is one character, not "&lt;".
    text = html.unescape(strip_tags(cleaned)).strip()
    if not text:
        raise CommunityError(_("Schrijf eerst een tekst; een leeg bericht plaatsen kan niet."))
    if len(text) > MAX_BODY_CHARS:
        raise CommunityError(
            _("Je tekst is te lang: hooguit %(max)s tekens.") % {"max": MAX_BODY_CHARS}
        )
    return cleaned


def clean_source(body: str | None) -> str:
    """The text as typed, kept for editing: no NUL bytes (a database refuses them), one kind
    of line ending."""
    return str(body or "").replace("\x00", "").replace("\r\n", "\n").strip()


def _require_member(user: Visitor, community: CommunityPage, action_message: str) -> User:
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in en word lid om mee te praten."), "login")
    if not access_for(user, community).is_member:
        raise CommunityError(action_message, "not_member")
    return user


def start_thread(
    community: CommunityPage, user: Visitor, *, kind: str, title: str, body: str
) -> Thread:
    user = _require_member(
        user, community, _("Word eerst lid van deze community om een bericht te plaatsen.")
    )
    if kind not in ThreadKind.values:
        raise CommunityError(_("Kies of het een vraag, een ervaring of een tip is."))
    title = clean_title(title)
    source = clean_source(body)
    body = clean_body(body)
    check_rate_limit(user, "thread")
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            community=community,
            author=user,
            kind=kind,
            title=title,
            body=body,
            source=source,
            created_at=now,
            last_activity_at=now,
        )
        # The asker hears about every answer.
        ThreadFollow.objects.create(user=user, thread=thread)
    return thread


def readable_thread(community: CommunityPage, user: Visitor, thread_id: int | str) -> Thread:
    """The thread ``thread_id`` of ``community`` as ``user`` may see it, or ``CommunityError``.

    A thread of another community is "not found" here: a forged id never reaches it.
    """
    access = access_for(user, community)
    thread = (
        Thread.objects.select_related("community", "author")
        .filter(pk=thread_id, community=community)
        .first()
    )
    if thread is None or (thread.is_hidden and not access.is_manager):
        raise CommunityError(_("Deze discussie bestaat niet (meer)."), "not_found")
    if not access.can_read:
        raise CommunityError(
            _("Deze discussie is alleen voor leden van de community."), "not_member"
        )
    return thread


def post_reply(thread: Thread, user: Visitor, body: str) -> Reply:
    community = thread.community
    user = _require_member(user, community, _("Word eerst lid van deze community om te reageren."))
    if thread.is_locked:
        raise CommunityError(_("Deze discussie is gesloten; reageren kan niet meer."), "locked")
    if thread.is_hidden:
        raise CommunityError(_("Deze discussie is verborgen; reageren kan niet."), "locked")
    source = clean_source(body)
    body = clean_body(body)
    check_rate_limit(user, "reply")
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.create(
            thread=thread, author=user, body=body, source=source, created_at=now
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        ThreadFollow.objects.get_or_create(user=user, thread=thread)
        # local import: the tasks module imports these services (a real cycle when Celery loads it).
        from ..tasks import notify_reply_followers

        notify_reply_followers.delay_on_commit(reply.pk)
    thread.last_activity_at = now
    return reply


def mark_helpful(thread: Thread, user: Visitor, reply_id: int | str) -> Reply | None:
    """The asker marks (or, the same reply again, unmarks) the helpful answer."""
    if user is None or not user.is_authenticated or thread.author_id != user.pk:
        raise CommunityError(
            _("Alleen wie de vraag stelde, kan het nuttigste antwoord kiezen."), "forbidden"
        )
    try:
        reply_id = int(reply_id)
    except (TypeError, ValueError):
        raise CommunityError(_("Kies een reactie uit deze discussie.")) from None
    reply = Reply.objects.filter(pk=reply_id, thread=thread, is_hidden=False).first()
    if reply is None:
        raise CommunityError(_("Kies een reactie uit deze discussie."), "invalid")
    if reply.author_id == user.pk:
        raise CommunityError(_("Je eigen reactie kun je niet als nuttigste antwoord kiezen."))
    thread.helpful_reply = None if thread.helpful_reply_id == reply.pk else reply
    thread.save(update_fields=["helpful_reply"])
    if thread.helpful_reply is not None:
        notify_helpful_answer(thread, reply)
    return thread.helpful_reply


def follow_thread(thread: Thread, user: Visitor) -> None:
    _require_member(user, thread.community, _("Word eerst lid om discussies te volgen."))
    try:
        with transaction.atomic():
            ThreadFollow.objects.create(user=user, thread=thread)
    except IntegrityError:
        raise CommunityError(_("Je volgt deze discussie al."), "conflict") from None


def unfollow_thread(thread: Thread, user: User) -> None:
    deleted, _rows = ThreadFollow.objects.filter(user=user, thread=thread).delete()
    if not deleted:
        raise CommunityError(_("Je volgde deze discussie niet."), "conflict")


# Editing and deleting ----------------------------------------------------------------------


def edit_window() -> timedelta:
    hours = getattr(settings, "COMMUNITY_EDIT_WINDOW_HOURS", DEFAULT_EDIT_WINDOW_HOURS)
    return timedelta(hours=hours)


def _thread_of(post: Thread | Reply) -> Thread:
    return post if isinstance(post, Thread) else post.thread


def _target(post: Thread | Reply) -> dict:
    return {"thread": _thread_of(post), "reply": post if isinstance(post, Reply) else None}


def may_edit(post: Thread | Reply, user: Visitor, *, is_manager: bool | None = None) -> bool:
    """Whether ``user`` may edit ``post`` now (for the buttons; ``edit_post`` says why not)."""
    try:
        _check_edit(post, user, is_manager=is_manager)
    except CommunityError:
        return False
    return True


def _check_edit(post: Thread | Reply, user: Visitor, *, is_manager: bool | None = None) -> User:
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in om je bericht te bewerken."), "login")
    community = _thread_of(post).community
    if is_manager is None:
        is_manager = access_for(user, community).is_manager
    if post.deleted_at is not None:
        raise CommunityError(_("Dit bericht is verwijderd; bewerken kan niet meer."), "conflict")
    if is_manager:
        return user
    if post.author_id != user.pk or not access_for(user, community).is_member:
        raise CommunityError(_("Je kunt alleen je eigen berichten bewerken."), "forbidden")
    if post.is_hidden:
        raise CommunityError(
            _("Een communitymanager heeft dit bericht verborgen; bewerken kan niet."), "forbidden"
        )
    if _thread_of(post).is_locked:
        raise CommunityError(_("Deze discussie is gesloten; bewerken kan niet meer."), "locked")
    hours = int(edit_window().total_seconds() // 3600)
    if timezone.now() > post.created_at + edit_window():
        raise CommunityError(
            _(
                "Je kunt een bericht tot %(hours)s uur na het plaatsen bewerken; die tijd is "
                "voorbij. Vraag de communitymanager als er iets aangepast moet worden."
            )
            % {"hours": hours},
            "forbidden",
        )
    return user


def edit_post(
    post: Thread | Reply, user: Visitor, *, body: str, title: str | None = None
) -> Thread | Reply:
    """Replace the text (and a thread's title); the earlier version becomes a revision."""
    editor = _check_edit(post, user)
    new_title = clean_title(title) if isinstance(post, Thread) and title is not None else None
    source = clean_source(body)
    new_body = clean_body(body)
    title_changed = new_title is not None and new_title != post.title
    if new_body == post.body and not title_changed:
        return post
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            **_target(post),
            title=post.title if isinstance(post, Thread) else "",
            body=post.body,
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
            replaced_by=editor,
        )
        post.body = new_body
        post.source = source
        post.edited_at = now
        fields = ["body", "source", "edited_at"]
        if title_changed and isinstance(post, Thread):
            post.title = new_title
            fields.append("title")
        post.save(update_fields=fields)
        if post.author_id != editor.pk:
            _log(
                _thread_of(post).community,
                editor,
                ModerationAction.Action.EDIT,
                member=post.author,
                **_target(post),
            )
    if isinstance(post, Thread):
        _sync_index(post)
    return post


def may_delete(post: Thread | Reply, user: Visitor) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and post.author_id == user.pk
        and post.deleted_at is None
        and not post.is_hidden
    )


def delete_post(post: Thread | Reply, user: Visitor) -> bool:
    """The author deletes their post; ``True`` when it is gone, ``False`` when a thread with
    replies keeps "bericht verwijderd" in its place (its title stays, its text goes)."""
    if not may_delete(post, user):
        if post.deleted_at is not None:
            raise CommunityError(_("Dit bericht is al verwijderd."), "conflict")
        raise CommunityError(_("Je kunt alleen je eigen berichten verwijderen."), "forbidden")
    thread = _thread_of(post)
    community = thread.community
    now = timezone.now()
    with transaction.atomic():
        # The text goes with its earlier versions; the log keeps who deleted what and when.
        if isinstance(post, Thread) and post.replies.exists():
            PostRevision.objects.filter(thread=post, reply=None).delete()
            post.body = ""
            post.source = ""
            post.deleted_at = now
            post.save(update_fields=["body", "source", "deleted_at"])
            gone = False
        else:
            if isinstance(post, Reply):
                Thread.objects.filter(pk=thread.pk, helpful_reply=post).update(helpful_reply=None)
            post.delete()
            gone = True
        _log(
            community,
            user,
            ModerationAction.Action.DELETE,
            member=user,
            thread=None if gone and isinstance(post, Thread) else thread,
            reason=thread.title if gone and isinstance(post, Thread) else "",
        )
    if isinstance(post, Thread) and not gone:
        _sync_index(post)
    return gone


def _sync_index(thread: Thread) -> None:
    # local import: moderation imports this module's neighbours; keep the graph one-way.
    from .moderation import sync_search_index

    sync_search_index(thread)
