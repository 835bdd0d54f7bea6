"""Flags, hiding and restoring posts, warnings and locks; every step lands in the moderation log.

At ``COMMUNITY_FLAG_THRESHOLD`` open flags from different members a post is hidden pending review:
a manager then restores it (the flags are closed) or keeps it hidden with a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.search import index

from loket.core import pagecache
from loket.sanitize import clean_text

from ..models import Flag, Membership, ModerationAction, Reply, Thread
from ..models.discussions import FlagReason
from ..permissions import access_for
from . import CommunityError
from .limits import check_rate_limit
from .membership import _log
from .notifications import notify_member

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from loket.accounts.models import User

    from ..models import CommunityPage
    from . import Visitor

    Post: TypeAlias = "Thread | Reply"

Action = ModerationAction.Action
DEFAULT_FLAG_THRESHOLD = 3


def flag_threshold() -> int:
    return getattr(settings, "COMMUNITY_FLAG_THRESHOLD", DEFAULT_FLAG_THRESHOLD)


def sync_search_index(thread: Thread) -> None:
    """Put a public, visible thread in the search index and take any other out of it."""
    if thread.is_publicly_indexable:
        index.insert_or_update_object(thread)
    else:
        index.remove_object(thread)


def sync_community_search_index(community: CommunityPage) -> None:
    for thread in Thread.objects.filter(community=community).select_related("community"):
        sync_search_index(thread)


def find_post(community: CommunityPage, kind: str, post_id: int | str) -> Post:
    """The thread (``vraag``) or reply (``reactie``) ``post_id`` in ``community``, or 404."""
    if kind == "vraag":
        post = (
            Thread.objects.select_related("community")
            .filter(pk=post_id, community=community)
            .first()
        )
    else:
        post = (
            Reply.objects.select_related("thread__community")
            .filter(pk=post_id, thread__community=community)
            .first()
        )
    if post is None:
        raise CommunityError(_("Dit bericht bestaat niet (meer)."), "not_found")
    return post


def _thread_of(post):
    return post if isinstance(post, Thread) else post.thread


def _target(post):
    return {"thread": _thread_of(post), "reply": post if isinstance(post, Reply) else None}


def flag_post(post: Post, user: Visitor, reason: str, explanation: str = "") -> Flag:
    thread = _thread_of(post)
    community = thread.community
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in om een bericht te melden."), "login")
    if not access_for(user, community).is_member:
        raise CommunityError(
            _("Alleen leden van de community kunnen berichten melden."), "not_member"
        )
    if reason not in FlagReason.values:
        raise CommunityError(_("Kies waarom je dit bericht meldt."))
    if post.author_id == user.pk:
        raise CommunityError(
            _(
                "Je eigen bericht melden kan niet; je kunt het wel laten weten aan de "
                "communitymanager."
            )
        )
    explanation = clean_text(explanation or "")[:300]
    check_rate_limit(user, "flag")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                reporter=user, reason=reason, explanation=explanation, **_target(post)
            )
    except IntegrityError:
        raise CommunityError(_("Je hebt dit bericht al gemeld; dank je wel."), "conflict") from None
    _hide_when_over_threshold(post)
    return flag


def open_flags(post: Post) -> QuerySet[Flag]:
    return Flag.objects.filter(resolved_at=None, **_target(post))


def _hide_when_over_threshold(post):
    if post.is_hidden:
        return False
    reporters = open_flags(post).values("reporter").distinct().count()
    if reporters < flag_threshold():
        return False
    now = timezone.now()
    type(post).objects.filter(pk=post.pk, is_hidden=False).update(
        is_hidden=True,
        pending_review=True,
        hidden_at=now,
        hidden_reason=_("Verborgen na meldingen van leden; een communitymanager kijkt ernaar."),
    )
    post.refresh_from_db()
    # Written without save(): the page cache hears of it here, not from post_save.
    pagecache.purge()
    _log(_thread_of(post).community, None, Action.AUTO_HIDE, reason=str(reporters), **_target(post))
    if isinstance(post, Thread):
        sync_search_index(post)
    return True


def _manager_check(by, community):
    if not access_for(by, community).is_manager:
        raise CommunityError(_("Alleen communitymanagers kunnen dit doen."), "forbidden")


def _required_reason(reason):
    reason = clean_text(reason or "")[:300]
    if not reason:
        raise CommunityError(_("Vul een reden in; die komt in het logboek."))
    return reason


def hide_post(post: Post, by: User, reason: str) -> Post:
    thread = _thread_of(post)
    _manager_check(by, thread.community)
    reason = _required_reason(reason)
    if post.is_hidden and not post.pending_review:
        raise CommunityError(_("Dit bericht is al verborgen."), "conflict")
    now = timezone.now()
    with transaction.atomic():
        post.is_hidden = True
        post.pending_review = False
        post.hidden_at = now
        post.hidden_by = by
        post.hidden_reason = reason
        post.save(
            update_fields=["is_hidden", "pending_review", "hidden_at", "hidden_by", "hidden_reason"]
        )
        open_flags(post).update(resolved_at=now, resolved_by=by)
        if isinstance(post, Reply) and thread.helpful_reply_id == post.pk:
            Thread.objects.filter(pk=thread.pk).update(helpful_reply=None)
        _log(thread.community, by, Action.HIDE, reason=reason, member=post.author, **_target(post))
    if isinstance(post, Thread):
        sync_search_index(post)
    return post


def restore_post(post: Post, by: User, reason: str = "") -> Post:
    thread = _thread_of(post)
    _manager_check(by, thread.community)
    if not post.is_hidden:
        raise CommunityError(_("Dit bericht is niet verborgen."), "conflict")
    reason = clean_text(reason or "")[:300]
    now = timezone.now()
    with transaction.atomic():
        post.is_hidden = False
        post.pending_review = False
        post.hidden_at = None
        post.hidden_by = None
        post.hidden_reason = ""
        post.save(
            update_fields=["is_hidden", "pending_review", "hidden_at", "hidden_by", "hidden_reason"]
        )
        open_flags(post).update(resolved_at=now, resolved_by=by)
        _log(
            thread.community, by, Action.RESTORE, reason=reason, member=post.author, **_target(post)
        )
    if isinstance(post, Thread):
        sync_search_index(post)
    return post


def dismiss_flags(post: Post, by: User, reason: str = "") -> int:
    """Close the open flags of a visible post without acting on it."""
    thread = _thread_of(post)
    _manager_check(by, thread.community)
    now = timezone.now()
    closed = open_flags(post).update(resolved_at=now, resolved_by=by)
    if not closed:
        raise CommunityError(_("Er staan geen open meldingen op dit bericht."), "conflict")
    _log(
        thread.community, by, Action.DISMISS, reason=clean_text(reason or "")[:300], **_target(post)
    )
    return closed


def warn_member(
    community: CommunityPage, member: User, by: User, reason: str, post: Post | None = None
) -> ModerationAction:
    _manager_check(by, community)
    reason = _required_reason(reason)
    if (
        member is None
        or not Membership.objects.filter(
            community=community, member=member, status=Membership.Status.MEMBER
        ).exists()
    ):
        raise CommunityError(_("Alleen leden van de community kun je waarschuwen."))
    target = _target(post) if post is not None else {}
    action = _log(community, by, Action.WARN, member=member, reason=reason, **target)
    notify_member(
        member,
        key=f"community-warning:{action.pk}",
        subject=_("Een bericht van de communitymanager van %(community)s")
        % {"community": community.title},
        heading=_("Een vriendelijke waarschuwing"),
        paragraphs=[
            _("De communitymanager van %(community)s vraagt je op te letten: %(reason)s")
            % {"community": community.title, "reason": reason},
            _("Zo houden we de community prettig voor iedereen. Dank je wel!"),
        ],
        button_label=_("Lees de huisregels"),
        button_url=community.get_full_url() + "#huisregels",
    )
    return action


def lock_thread(thread: Thread, by: User, locked: bool = True, reason: str = "") -> Thread:
    _manager_check(by, thread.community)
    if thread.is_locked == locked:
        raise CommunityError(_("Dat is al zo."), "conflict")
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    _log(
        thread.community,
        by,
        Action.LOCK if locked else Action.UNLOCK,
        thread=thread,
        reason=clean_text(reason or "")[:300],
    )
    return thread
