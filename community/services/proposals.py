"""Topic proposals: members propose and vote, managers plan them as an event or decline them.

A vote is a row with a unique constraint per proposal and member: 50 members voting at the same
moment make 50 rows; one member clicking twice makes one. A planned proposal becomes a draft
event under the agenda in one step; its voters hear about it when that event is published.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventIndexPage, EventPage
from loket.sanitize import clean_text

from ..models import CommunityEvent, ModerationAction, ProposalVote, TopicProposal
from ..permissions import access_for
from . import CommunityError
from .limits import check_rate_limit
from .membership import _log

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from loket.accounts.models import User
    from loket.themes.models import Theme

    from ..models import CommunityPage
    from . import Visitor

Status = TopicProposal.Status
MAX_DESCRIPTION_CHARS = 1500
# A draft event is put this far ahead; the manager sets the real date before publishing.
DRAFT_EVENT_WEEKS_AHEAD = 6


def proposals_for(community: CommunityPage, user: Visitor = None) -> QuerySet[TopicProposal]:
    """The community's proposals with ``vote_total`` and ``has_voted``, most votes first."""
    proposals = (
        TopicProposal.objects.filter(community=community)
        .select_related("theme", "author", "event")
        .annotate(vote_total=Count("votes"))
        .order_by("-vote_total", "-created_at", "-pk")
    )
    if user is not None and user.is_authenticated:
        proposals = proposals.annotate(
            has_voted=Exists(ProposalVote.objects.filter(proposal=OuterRef("pk"), voter=user))
        )
    return proposals


def propose_topic(
    community: CommunityPage,
    user: Visitor,
    *,
    title: str,
    description: str = "",
    theme: Theme | None = None,
) -> TopicProposal:
    if user is None or not user.is_authenticated or not access_for(user, community).is_member:
        raise CommunityError(
            _("Word eerst lid van deze community om een onderwerp voor te stellen."), "not_member"
        )
    title = " ".join(clean_text(title or "").split())
    if len(title) < 5:
        raise CommunityError(_("Beschrijf je onderwerp in minstens 5 tekens."))
    if len(title) > 160:
        raise CommunityError(_("Houd het onderwerp kort: hooguit 160 tekens."))
    description = clean_text(description or "")
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise CommunityError(
            _("Houd de toelichting kort: hooguit %(max)s tekens.") % {"max": MAX_DESCRIPTION_CHARS}
        )
    check_rate_limit(user, "proposal")
    return TopicProposal.objects.create(
        community=community, author=user, title=title, description=description, theme=theme
    )


def _voting_check(proposal, user):
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in om te stemmen."), "login")
    if not access_for(user, proposal.community).is_member:
        raise CommunityError(_("Alleen leden van de community kunnen stemmen."), "not_member")
    # The stored status counts, not the one of a copy loaded before a manager decided.
    if not TopicProposal.objects.filter(pk=proposal.pk, status=Status.OPEN).exists():
        raise CommunityError(_("Op dit voorstel kun je niet meer stemmen."), "conflict")


def vote_for(proposal: TopicProposal, user: Visitor) -> ProposalVote:
    """One vote; a second vote by the same member is refused, also when both arrive at once."""
    _voting_check(proposal, user)
    try:
        with transaction.atomic():
            return ProposalVote.objects.create(proposal=proposal, voter=user)
    except IntegrityError:
        raise CommunityError(_("Je hebt al op dit voorstel gestemd."), "conflict") from None


def retract_vote(proposal: TopicProposal, user: Visitor) -> None:
    _voting_check(proposal, user)
    deleted, _rows = ProposalVote.objects.filter(proposal=proposal, voter=user).delete()
    if not deleted:
        raise CommunityError(_("Je had nog niet op dit voorstel gestemd."), "conflict")


def _manager_check(by, community):
    if not access_for(by, community).is_manager:
        raise CommunityError(_("Alleen communitymanagers kunnen dit doen."), "forbidden")


def reject_proposal(proposal: TopicProposal, by: User, reason: str) -> TopicProposal:
    _manager_check(by, proposal.community)
    reason = clean_text(reason or "")[:500]
    if not reason:
        raise CommunityError(_("Vertel kort waarom; de leden zien de reden bij het voorstel."))
    with transaction.atomic():
        proposal = TopicProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Status.OPEN:
            raise CommunityError(_("Dit voorstel is al afgehandeld."), "conflict")
        proposal.status = Status.REJECTED
        proposal.rejection_reason = reason
        proposal.decided_at = timezone.now()
        proposal.decided_by = by
        proposal.save()
        _log(
            proposal.community,
            by,
            ModerationAction.Action.REJECT_PROPOSAL,
            reason=f"{proposal.title}: {reason}",
        )
    return proposal


def agenda_index() -> EventIndexPage | None:
    return EventIndexPage.objects.order_by("path").first()


def plan_as_event(proposal: TopicProposal, by: User, *, start: datetime | None = None) -> EventPage:
    """Turn ``proposal`` into a draft event under the agenda and link both ways.

    The event is a draft: the manager sets the date, place and programme and publishes it, at
    which moment the voters get a mail (``notify_voters_event_published``).
    """
    community = proposal.community
    _manager_check(by, community)
    index = agenda_index()
    if index is None:
        raise CommunityError(_("Er is nog geen agenda om de bijeenkomst in te zetten."), "conflict")
    with transaction.atomic():
        proposal = (
            TopicProposal.objects.select_for_update(of=("self",))
            .select_related("theme")
            .get(pk=proposal.pk)
        )
        if proposal.status != Status.OPEN:
            raise CommunityError(_("Dit voorstel is al afgehandeld."), "conflict")
        if start is None:
            day = timezone.localdate() + timedelta(weeks=DRAFT_EVENT_WEEKS_AHEAD)
            start = timezone.make_aware(datetime.combine(day, time(19, 0)))
        intro = proposal.description or _(
            "Een bijeenkomst over een onderwerp dat de leden van %(community)s zelf kozen."
        ) % {"community": community.title}
        event = EventPage(
            title=proposal.title,
            intro=intro[:500],
            start=start,
            end=start + timedelta(hours=2),
            venue_name=_("Locatie volgt"),
            municipality=community.municipality,
            region=community.region,
            live=False,
            owner=by,
        )
        index.add_child(instance=event)
        if proposal.theme_id:
            event.themes.set([proposal.theme])
            event.save()  # writes the ParentalManyToMany rows of the draft, not only its revision
        event.save_revision(user=by, log_action=True)
        CommunityEvent.objects.get_or_create(community=community, event=event)
        proposal.status = Status.PLANNED
        proposal.event = event
        proposal.decided_at = timezone.now()
        proposal.decided_by = by
        proposal.save()
        _log(
            community,
            by,
            ModerationAction.Action.PLAN_PROPOSAL,
            reason=_("‘%(title)s’ wordt een bijeenkomst") % {"title": proposal.title},
        )
    return event
