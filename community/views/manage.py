"""The community manager's dashboard and the actions on it: requests, members, posts, proposals.

Only managers of the community (or staff who manage every community) get here; everyone else gets
a 403 with an explanation. Every action needs a POST; those that affect a member need a reason.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import ReasonForm
from ..models.communities import Membership
from ..models.discussions import Flag, ModerationAction, Reply, Thread
from ..models.proposals import TopicProposal
from ..permissions import request_access
from ..services import CommunityError, membership, moderation
from ..services import proposals as proposal_services
from .common import error, login_url, render

NEW_MEMBER_DAYS = 14


def _refuse(page, request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    return error(
        page, request, CommunityError(_("Dit deel is alleen voor communitymanagers."), "forbidden")
    )


def _back(page, request):
    return HttpResponseRedirect(page.url_for("dashboard", request), status=303)


def dashboard(page, request):
    if not request_access(request, page).is_manager:
        return _refuse(page, request)
    now = timezone.now()
    memberships = Membership.objects.filter(community=page).select_related("member")
    open_flags = (
        Flag.objects.filter(resolved_at=None, thread__community=page)
        .select_related("thread", "reply", "reply__author", "thread__author", "reporter")
        .order_by("thread_id", "reply_id", "created_at")
    )
    flagged = {}
    for flag in open_flags:
        key = (flag.thread_id, flag.reply_id)
        entry = flagged.setdefault(
            key, {"post": flag.post, "flags": [], "kind": "reactie" if flag.reply_id else "vraag"}
        )
        entry["flags"].append(flag)
    pending = {
        (t.pk, None): {"post": t, "flags": [], "kind": "vraag"}
        for t in Thread.objects.filter(community=page, pending_review=True).select_related("author")
    }
    pending.update(
        {
            (r.thread_id, r.pk): {"post": r, "flags": [], "kind": "reactie"}
            for r in Reply.objects.filter(
                thread__community=page, pending_review=True
            ).select_related("author", "thread")
        }
    )
    queue = list({**pending, **flagged}.values())
    context = {
        "requests": memberships.filter(status=Membership.Status.REQUESTED).order_by("requested_at"),
        "new_members": memberships.filter(
            status=Membership.Status.MEMBER, joined_at__gte=now - timedelta(days=NEW_MEMBER_DAYS)
        ).order_by("-joined_at")[:20],
        "members": memberships.filter(status=Membership.Status.MEMBER).order_by(
            "member__first_name", "member__last_name"
        ),
        "ended": memberships.filter(
            status__in=[Membership.Status.REMOVED, Membership.Status.BLOCKED]
        ).order_by("-decided_at")[:20],
        "active_threads": Thread.objects.visible()
        .filter(community=page, last_activity_at__gte=now - timedelta(days=7))
        .annotate(reply_total=Count("replies", filter=Q(replies__is_hidden=False)))
        .order_by("-reply_total", "-last_activity_at")[:10],
        "unanswered": Thread.objects.visible()
        .filter(community=page, kind="vraag")
        .annotate(reply_total=Count("replies", filter=Q(replies__is_hidden=False)))
        .filter(reply_total=0)
        .select_related("author")
        .order_by("created_at")[:10],
        "queue": queue,
        "hidden_threads": Thread.objects.filter(
            community=page, is_hidden=True, pending_review=False
        )
        .select_related("hidden_by")
        .order_by("-hidden_at")[:10],
        "top_proposals": proposal_services.proposals_for(page).filter(
            status=TopicProposal.Status.OPEN
        )[:10],
        "log": ModerationAction.objects.filter(community=page)
        .select_related("moderator", "member", "thread", "reply")
        .order_by("-created_at", "-pk")[:25],
        "reason_form": ReasonForm(),
        "meta_title": _("Beheer van %(community)s") % {"community": page.title},
    }
    return render(page, request, "community/dashboard.html", context)


MEMBER_ACTIONS = {
    "goedkeuren": lambda m, by, reason: membership.approve_request(m, by),
    "afwijzen": membership.decline_request,
    "verwijderen": membership.remove_member,
    "blokkeren": membership.block_member,
    "waarschuwen": lambda m, by, reason: moderation.warn_member(m.community, m.member, by, reason),
    "beheerder-maken": lambda m, by, reason: membership.make_manager(m, by, True),
    "beheerder-af": lambda m, by, reason: membership.make_manager(m, by, False),
}
MEMBER_DONE = {
    "goedkeuren": gettext_lazy(
        "De aanvraag is goedgekeurd; het nieuwe lid krijgt een welkomstmail."
    ),
    "afwijzen": gettext_lazy(
        "De aanvraag is afgewezen; de reden staat in de mail aan de aanvrager."
    ),
    "verwijderen": gettext_lazy("Het lid is uit de community verwijderd."),
    "blokkeren": gettext_lazy("Het lid is geblokkeerd."),
    "waarschuwen": gettext_lazy("De waarschuwing is verstuurd."),
    "beheerder-maken": gettext_lazy("Het lid is nu communitymanager."),
    "beheerder-af": gettext_lazy("Het lid is geen communitymanager meer."),
}


def manage_member(page, request, membership_id):
    if not request_access(request, page).is_manager:
        return _refuse(page, request)
    if request.method != "POST":
        return _back(page, request)
    target = (
        Membership.objects.filter(pk=membership_id, community=page)
        .select_related("member", "community")
        .first()
    )
    if target is None:
        return error(
            page, request, CommunityError(_("Dit lidmaatschap bestaat niet."), "not_found")
        )
    action = request.POST.get("actie", "")
    if action not in MEMBER_ACTIONS:
        return error(page, request, CommunityError(_("Deze actie kennen we niet.")))
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if not form.is_valid():
        return error(
            page,
            request,
            CommunityError(_("Houd de reden kort.")),
            back_url=page.url_for("dashboard", request),
        )
    try:
        MEMBER_ACTIONS[action](target, request.user, reason)
    except CommunityError as exc:
        return error(page, request, exc, back_url=page.url_for("dashboard", request))
    messages.success(request, str(MEMBER_DONE[action]))
    return _back(page, request)


def moderate_post(page, request, kind, post_id):
    if not request_access(request, page).is_manager:
        return _refuse(page, request)
    if request.method != "POST":
        return _back(page, request)
    try:
        post = moderation.find_post(page, kind, post_id)
    except CommunityError as exc:
        return error(page, request, exc)
    action = request.POST.get("actie", "")
    reason = (request.POST.get("reason") or "")[:300]
    actions = {
        "verbergen": lambda: moderation.hide_post(post, request.user, reason),
        "terugzetten": lambda: moderation.restore_post(post, request.user, reason),
        "afhandelen": lambda: moderation.dismiss_flags(post, request.user, reason),
        "sluiten": lambda: moderation.lock_thread(post, request.user, True, reason),
        "heropenen": lambda: moderation.lock_thread(post, request.user, False, reason),
    }
    if action not in actions or (action in ("sluiten", "heropenen") and kind != "vraag"):
        return error(page, request, CommunityError(_("Deze actie kennen we niet.")))
    try:
        actions[action]()
    except CommunityError as exc:
        return error(page, request, exc, back_url=page.url_for("dashboard", request))
    messages.success(request, _("Gedaan; het staat in het logboek."))
    next_url = request.POST.get("terug", "")
    if next_url.startswith(page.get_url(request)):
        return HttpResponseRedirect(next_url, status=303)
    return _back(page, request)


def manage_proposal(page, request, proposal_id):
    if not request_access(request, page).is_manager:
        return _refuse(page, request)
    if request.method != "POST":
        return _back(page, request)
    proposal = TopicProposal.objects.filter(pk=proposal_id, community=page).first()
    if proposal is None:
        return error(page, request, CommunityError(_("Dit voorstel bestaat niet."), "not_found"))
    action = request.POST.get("actie", "")
    try:
        if action == "plannen":
            event = proposal_services.plan_as_event(proposal, request.user)
            messages.success(
                request,
                _(
                    "‘%(title)s’ staat als concept in de agenda. Vul datum en locatie aan en "
                    "publiceer: dan krijgen de stemmers een mail."
                )
                % {"title": event.title},
            )
        elif action == "afwijzen":
            proposal_services.reject_proposal(
                proposal, request.user, request.POST.get("reason", "")
            )
            messages.success(request, _("Het voorstel is afgewezen; de reden staat erbij."))
        else:
            return error(page, request, CommunityError(_("Deze actie kennen we niet.")))
    except CommunityError as exc:
        return error(page, request, exc, back_url=page.url_for("dashboard", request))
    return _back(page, request)
