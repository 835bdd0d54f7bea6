"""Joining and leaving communities; managers approving, declining, removing and blocking.

A member has at most one row per community (a database constraint). Joining an open community
makes a member at once; a community on approval, or a member who was removed before, goes through
a request with a short motivation. A blocked member cannot come back; the reason stays visible.
A manager's decision also goes to Wagtail's log (the admin's site history) as theirs.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from loket.notifications.services import Kind, notify
from loket.sanitize import clean_text

from ..dispatch import membership_started
from ..models import Membership, ModerationAction, ThreadFollow
from ..permissions import access_for
from . import CommunityError
from .notifications import notify_member

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.accounts.models import User

    from ..models import CommunityPage, Reply, Thread
    from . import Choice, Visitor

Status = Membership.Status

MAX_MOTIVATION_CHARS = 500
MAX_REASON_CHARS = 500


def _check_account(user):
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in om lid te worden van een community."), "login")
    if not user.is_active or user.is_deleted:
        raise CommunityError(_("Dit account kan geen lid worden."), "forbidden")
    if not user.email_verified:
        raise CommunityError(
            _("Bevestig eerst je e-mailadres; daarna kun je meteen lid worden."), "forbidden"
        )


def _clean_reason(reason, *, required=True):
    text = clean_text(reason or "")
    if required and not text:
        raise CommunityError(_("Vul een reden in; het lid krijgt die te zien."), "invalid")
    if len(text) > MAX_REASON_CHARS:
        raise CommunityError(
            _("Houd de reden kort: hooguit %(max)s tekens.") % {"max": MAX_REASON_CHARS}, "invalid"
        )
    return text


def join_community(
    community: CommunityPage,
    user: Visitor,
    motivation: str = "",
    *,
    request: HttpRequest | None = None,
) -> Membership:
    """Join ``community``: a membership at once, or a request when approval is needed.

    Returns the membership; its status says which of the two happened. A membership at once
    sends ``membership_started`` after the commit (with ``request``, the member's own).
    """
    _check_account(user)
    motivation = clean_text(motivation or "")
    if len(motivation) > MAX_MOTIVATION_CHARS:
        raise CommunityError(
            _("Houd je motivatie kort: hooguit %(max)s tekens.") % {"max": MAX_MOTIVATION_CHARS},
            "invalid",
        )
    now = timezone.now()
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update().filter(member=user, community=community).first()
        )
        if existing is not None:
            if existing.status == Status.MEMBER:
                raise CommunityError(_("Je bent al lid van deze community."), "conflict")
            if existing.status == Status.REQUESTED:
                raise CommunityError(
                    _("Je aanvraag ligt al bij de communitymanager; je hoort het snel."),
                    "conflict",
                )
            if existing.status == Status.BLOCKED:
                message = _(
                    "Je bent geblokkeerd in deze community en kunt niet opnieuw lid worden."
                )
                if existing.reason:
                    message += " " + _("Reden: %(reason)s") % {"reason": existing.reason}
                raise CommunityError(message, "blocked")
        # Someone removed or declined before asks again: a manager looks at it first.
        needs_request = community.needs_approval or existing is not None
        if needs_request and not motivation:
            raise CommunityError(
                _("Vertel in een paar woorden waarom je lid wilt worden."), "invalid"
            )
        status = Status.REQUESTED if needs_request else Status.MEMBER
        fields = {
            "status": status,
            "role": Membership.Role.MEMBER,
            "motivation": motivation,
            "reason": "",
            "requested_at": now,
            "joined_at": now if status == Status.MEMBER else None,
            "decided_at": None,
            "decided_by": None,
        }
        if existing is not None:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
            membership = existing
        else:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        member=user, community=community, **fields
                    )
            except IntegrityError:
                # A second click in the same instant: the first one stands.
                raise CommunityError(_("Je bent al lid van deze community."), "conflict") from None
        if membership.status == Status.MEMBER:
            announce_membership(membership, request)
    if membership.status == Status.REQUESTED:
        _tell_managers_about_request(membership)
    return membership


def announce_membership(membership: Membership, request: HttpRequest | None = None) -> None:
    """Send ``membership_started`` once the membership commits (with ``request``: the member's
    own, or None when a manager approved it or made it in the admin)."""
    transaction.on_commit(
        lambda: membership_started.send(
            sender=Membership, membership=membership, actor=membership.member, request=request
        )
    )


def _tell_managers_about_request(membership):
    community = membership.community
    managers = Membership.objects.filter(
        community=community, status=Status.MEMBER, role=Membership.Role.MANAGER
    ).select_related("member")
    for manager in managers:
        notify_member(
            manager.member,
            key=f"community-request:{membership.pk}:{membership.requested_at:%Y%m%d%H%M%S}:"
            f"{manager.member_id}",
            subject=_("Nieuwe aanvraag voor %(community)s") % {"community": community.title},
            heading=_("Iemand wil lid worden"),
            paragraphs=[
                _("%(name)s wil graag lid worden van %(community)s.")
                % {"name": membership.member.display_name, "community": community.title},
                membership.motivation,
            ],
            button_label=_("Bekijk de aanvraag"),
            button_url=community.full_url_for("dashboard"),
        )


def _manager_check(by, community):
    if not access_for(by, community).is_manager:
        raise CommunityError(_("Alleen communitymanagers kunnen dit doen."), "forbidden")


def _locked(membership):
    return (
        Membership.objects.select_for_update()
        .select_related("member", "community")
        .get(pk=membership.pk)
    )


def approve_request(membership: Membership, by: User) -> Membership:
    _manager_check(by, membership.community)
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status != Status.REQUESTED:
            raise CommunityError(_("Deze aanvraag is al afgehandeld."), "conflict")
        now = timezone.now()
        membership.status = Status.MEMBER
        membership.joined_at = now
        membership.decided_at = now
        membership.decided_by = by
        membership.reason = ""
        membership.save()
        _log(membership.community, by, ModerationAction.Action.APPROVE, member=membership.member)
        announce_membership(membership)
        _log_staff_act(membership, "loket.community.request_approved", by)
    community = membership.community
    joined = f"{membership.pk}:{membership.joined_at:%Y%m%d%H%M%S}"
    notify(
        membership.member,
        Kind.MEMBERSHIP_APPROVED,
        membership,
        key=joined,
        title=_("Je bent lid van %(community)s") % {"community": community.title},
        text=_("Je aanvraag is goedgekeurd. Stel je vraag of deel je ervaring."),
        url=community.get_full_url(),
        mail=partial(_approved_mail, membership, joined),
    )
    return membership


def _approved_mail(membership, joined):
    community = membership.community
    return notify_member(
        membership.member,
        key=f"community-approved:{joined}",
        subject=_("Welkom bij %(community)s") % {"community": community.title},
        heading=_("Welkom in de community!"),
        paragraphs=[
            _(
                "Je aanvraag voor %(community)s is goedgekeurd. Stel je vraag, deel je ervaring "
                "en praat mee over de volgende bijeenkomsten."
            )
            % {"community": community.title}
        ],
        button_label=_("Naar de community"),
        button_url=community.get_full_url(),
    )


def decline_request(membership: Membership, by: User, reason: str) -> Membership:
    _manager_check(by, membership.community)
    reason = _clean_reason(reason)
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status != Status.REQUESTED:
            raise CommunityError(_("Deze aanvraag is al afgehandeld."), "conflict")
        membership.status = Status.DECLINED
        membership.reason = reason
        membership.decided_at = timezone.now()
        membership.decided_by = by
        membership.save()
        _log(
            membership.community,
            by,
            ModerationAction.Action.DECLINE,
            member=membership.member,
            reason=reason,
        )
        _log_staff_act(membership, "loket.community.request_declined", by)
    notify_member(
        membership.member,
        key=f"community-declined:{membership.pk}:{membership.decided_at:%Y%m%d%H%M%S}",
        subject=_("Je aanvraag voor %(community)s") % {"community": membership.community.title},
        heading=_("Je aanvraag is niet goedgekeurd"),
        paragraphs=[
            _("Je aanvraag voor %(community)s is deze keer niet goedgekeurd.")
            % {"community": membership.community.title},
            _("De reden: %(reason)s") % {"reason": reason},
            _("Misschien past een andere community beter; kijk gerust rond."),
        ],
    )
    return membership


def mark_visited(community: CommunityPage, user: User) -> None:
    """The member looked at the community: what moved before now is no longer unread on their
    home. One UPDATE, and none for visitors; safe to run twice."""
    if user.is_authenticated:
        Membership.objects.filter(member=user, community=community, status=Status.MEMBER).update(
            last_visit_at=timezone.now()
        )


def leave_community(community: CommunityPage, user: User) -> bool:
    """Leave (or withdraw a request): the row goes, and with it the follows in the community."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().filter(member=user, community=community).first()
        )
        if membership is None or membership.status not in (Status.MEMBER, Status.REQUESTED):
            raise CommunityError(_("Je bent geen lid van deze community."), "not_member")
        was_request = membership.status == Status.REQUESTED
        membership.delete()
        ThreadFollow.objects.filter(user=user, thread__community=community).delete()
    return was_request


def remove_member(membership: Membership, by: User, reason: str) -> Membership:
    return _end_membership(membership, by, reason, Status.REMOVED)


def block_member(membership: Membership, by: User, reason: str) -> Membership:
    return _end_membership(membership, by, reason, Status.BLOCKED)


def _end_membership(membership, by, reason, status):
    community = membership.community
    _manager_check(by, community)
    reason = _clean_reason(reason)
    if membership.member_id == by.pk:
        raise CommunityError(_("Je kunt jezelf niet verwijderen of blokkeren."), "invalid")
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status == status:
            raise CommunityError(_("Dat is al gebeurd."), "conflict")
        if status == Status.REMOVED and membership.status != Status.MEMBER:
            raise CommunityError(_("Dit lid is geen lid meer van de community."), "conflict")
        membership.status = status
        membership.role = Membership.Role.MEMBER
        membership.reason = reason
        membership.decided_at = timezone.now()
        membership.decided_by = by
        membership.save()
        ThreadFollow.objects.filter(user=membership.member, thread__community=community).delete()
        action = (
            ModerationAction.Action.BLOCK
            if status == Status.BLOCKED
            else ModerationAction.Action.REMOVE
        )
        _log(community, by, action, member=membership.member, reason=reason)
        blocked = status == Status.BLOCKED
        name = "loket.community.member_blocked" if blocked else "loket.community.member_removed"
        _log_staff_act(membership, name, by)
    if status == Status.BLOCKED:
        heading = _("Je bent geblokkeerd in %(community)s") % {"community": community.title}
    else:
        heading = _("Je bent uit %(community)s verwijderd") % {"community": community.title}
    notify_member(
        membership.member,
        key=f"community-{status}:{membership.pk}:{membership.decided_at:%Y%m%d%H%M%S}",
        subject=heading,
        heading=heading,
        paragraphs=[
            _("De communitymanager gaf deze reden: %(reason)s") % {"reason": reason},
            _("Heb je vragen? Beantwoord deze mail, dan kijken we er samen naar."),
        ],
    )
    return membership


def make_manager(membership: Membership, by: User, manager: bool = True) -> Membership:
    """Give (or take back) the manager role; staff and managers of the community only."""
    _manager_check(by, membership.community)
    if membership.status != Status.MEMBER:
        raise CommunityError(_("Alleen leden kunnen communitymanager worden."), "invalid")
    role = Membership.Role.MANAGER if manager else Membership.Role.MEMBER
    if membership.role == role:  # nothing changes: nothing to log
        return membership
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        action = "loket.community.manager_made" if manager else "loket.community.manager_unmade"
        _log_staff_act(membership, action, by)
    return membership


def _log_staff_act(membership, action, by):
    """Wagtail's log entry for a manager's decision; the title names no member (it outlives an
    erased account)."""
    community = membership.community
    title = _("Lidmaatschap %(pk)s van %(community)s") % {
        "pk": membership.pk,
        "community": community.title,
    }
    data = {"community_id": community.pk, "community": community.title}
    log(membership, action, user=by, title=title[:255], data=data)


def _log(
    community: CommunityPage,
    by: User | None,
    action: Choice,
    *,
    member: User | None = None,
    thread: Thread | None = None,
    reply: Reply | None = None,
    reason: str = "",
) -> ModerationAction:
    return ModerationAction.objects.create(
        community=community,
        moderator=by,
        action=action,
        member=member,
        thread=thread,
        reply=reply,
        reason=reason[:500],
    )
