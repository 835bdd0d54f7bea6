"""Threads and replies: starting, replying, following and marking the helpful answer.

Every text goes through the sanitiser before it is stored: links, lists and bold survive; scripts,
images (tracking pixels), styles and iframes do not. Only members write; a locked or hidden thread
takes no replies.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from loket.sanitize import clean_html, clean_text

from ..models import Reply, Thread, ThreadFollow
from ..models.discussions import ThreadKind
from ..permissions import access_for
from . import CommunityError
from .limits import check_rate_limit

if TYPE_CHECKING:
    from loket.accounts.models import User

    from ..models import CommunityPage
    from . import Visitor

MIN_TITLE_CHARS = 5
MAX_TITLE_CHARS = 160
MAX_BODY_CHARS = 10_000
_BLOCK_TAG = re.compile(r"<(p|ul|ol|br|blockquote|pre)\b", re.IGNORECASE)


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
    """Sanitised HTML; refuses empty text (also text that was only tags) and oversized posts."""
    raw = str(body or "")
    if len(raw) > MAX_BODY_CHARS * 2:
        raise CommunityError(
            _("Je tekst is te lang: hooguit %(max)s tekens.") % {"max": MAX_BODY_CHARS}
        )
    cleaned = clean_html(raw).strip()
    text = strip_tags(cleaned).strip()
    if not text:
        raise CommunityError(_("Schrijf eerst een tekst; een leeg bericht plaatsen kan niet."))
    if len(text) > MAX_BODY_CHARS:
        raise CommunityError(
            _("Je tekst is te lang: hooguit %(max)s tekens.") % {"max": MAX_BODY_CHARS}
        )
    if not _BLOCK_TAG.search(cleaned):
        # Plain text: keep the member's paragraphs.
        paragraphs = [p.strip() for p in cleaned.split("\n\n") if p.strip()]
        cleaned = "".join("<p>{}</p>".format(p.replace("\n", "<br>")) for p in paragraphs)
    return cleaned


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
    body = clean_body(body)
    check_rate_limit(user, "reply")
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.create(thread=thread, author=user, body=body, created_at=now)
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
