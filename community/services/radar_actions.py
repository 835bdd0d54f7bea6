"""What a manager does with a question from the radar, and the member's "ik ook".

From a question: answer it as the desk, invite an expert or partner, turn it into a topic
proposal or a draft meetup, or add it to a "veelgestelde vragen" page as a draft. Each step is
refused for a question outside the manager's regions or in a private community they cannot
read, and each is written to the moderation log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..models import FaqPage, ModerationAction, QuestionMark, Reply, Thread, TopicProposal
from ..models.discussions import ThreadKind
from ..permissions import access_for
from . import CommunityError
from .discussions import clean_body, clean_source
from .membership import _log
from .proposals import plan_as_event
from .radar import RadarScope, can_read, readable_community_ids

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from events.models import EventPage
    from loket.accounts.models import User
    from loket.mail.models import OutgoingMail

    from . import Visitor

Action = ModerationAction.Action
MAX_NOTE_CHARS = 1000


# The member's "ik ook" --------------------------------------------------------------------


def _check_mark(thread: Thread, user: Visitor) -> None:
    if user is None or not user.is_authenticated:
        raise CommunityError(_("Log in om aan te geven dat je dit ook wilt weten."), "login")
    if not access_for(user, thread.community).is_member:
        raise CommunityError(_("Word lid van de community om ‘ik ook’ te zeggen."), "not_member")
    if thread.kind != ThreadKind.QUESTION:
        raise CommunityError(_("‘Ik ook’ kan alleen bij een vraag."))
    if thread.author_id == user.pk:
        raise CommunityError(_("Dit is je eigen vraag; anderen kunnen ‘ik ook’ zeggen."))


def mark_question(thread: Thread, user: Visitor) -> QuestionMark:
    """The member says "ik ook". Safe to click twice, also at the same moment: the unique
    constraint keeps one mark per member and question, and the second click finds the first."""
    _check_mark(thread, user)
    try:
        with transaction.atomic():
            mark, _created = QuestionMark.objects.get_or_create(member=user, thread=thread)
    except IntegrityError:
        mark = QuestionMark.objects.get(member=user, thread=thread)
    return mark


def unmark_question(thread: Thread, user: Visitor) -> None:
    """The member takes the "ik ook" back; without a mark nothing happens (safe to run twice)."""
    _check_mark(thread, user)
    QuestionMark.objects.filter(member=user, thread=thread).delete()


def mark_state(thread: Thread, user: Visitor) -> tuple[int, bool]:
    """How many members said "ik ook", and whether ``user`` is one of them (two small queries)."""
    total = QuestionMark.objects.filter(thread=thread).count()
    mine = bool(
        user is not None
        and user.is_authenticated
        and total
        and QuestionMark.objects.filter(thread=thread, member=user).exists()
    )
    return total, mine


# The manager's steps ----------------------------------------------------------------------


def _check(thread: Thread, by: User, scope: RadarScope) -> None:
    if not scope.covers(thread):
        raise CommunityError(_("Deze vraag staat niet (meer) op de radar."), "not_found")
    if not can_read(thread, readable_community_ids(by)):
        raise CommunityError(
            _("Deze vraag staat in een besloten community waar je geen lid van bent."),
            "forbidden",
        )


def answer_as_desk(thread: Thread, by: User, scope: RadarScope, body: str) -> Reply:
    """A reply marked as from the desk; the followers get their usual mail."""
    _check(thread, by, scope)
    if thread.is_locked:
        raise CommunityError(_("Deze discussie is gesloten; reageren kan niet meer."), "locked")
    source, html = clean_source(body), clean_body(body)
    now = timezone.now()
    with transaction.atomic():
        reply = Reply.objects.create(
            thread=thread, author=by, body=html, source=source, created_at=now, from_desk=True
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        _log(thread.community, by, Action.DESK_ANSWER, thread=thread, reply=reply)
        # local import: the tasks module imports the services (a cycle when Celery loads it).
        from ..tasks import notify_reply_followers

        notify_reply_followers.delay_on_commit(reply.pk)
    return reply


def invite_expert(
    thread: Thread, by: User, scope: RadarScope, *, name: str, email: str, note: str = ""
) -> OutgoingMail | None:
    """One mail through the outbox to an expert or partner, with a link to the question.

    The same expert invited twice for the same question gets one mail (the idempotency key).
    """
    _check(thread, by, scope)
    name = " ".join(clean_text(name or "").split())[:120]
    email = (email or "").strip().lower()
    note = clean_text(note or "")
    if not name:
        raise CommunityError(_("Vul de naam in van wie je uitnodigt."))
    try:
        validate_email(email)
    except ValidationError:
        raise CommunityError(_("Vul een geldig e-mailadres in.")) from None
    if len(note) > MAX_NOTE_CHARS:
        raise CommunityError(
            _("Houd je toelichting kort: hooguit %(max)s tekens.") % {"max": MAX_NOTE_CHARS}
        )
    community = thread.community
    paragraphs = [
        _(
            "In de community %(community)s stellen ondernemers een vraag waar jouw kennis bij "
            "helpt: ‘%(title)s’."
        )
        % {"community": community.title, "title": thread.title},
        *[line for line in note.split("\n") if line.strip()],
    ]
    if not community.is_public:
        paragraphs.append(
            _("De community is besloten: word lid via de link, dan lees je mee en kun je reageren.")
        )
    mail = queue_mail(
        to=email,
        template="notification",
        context={
            "subject": _("%(name)s vraagt je mee te denken over een vraag van ondernemers")
            % {"name": by.display_name},
            "heading": _("Denk je mee, %(name)s?") % {"name": name},
            "first_name": name,
            "paragraphs": paragraphs,
            "button_label": _("Lees de vraag"),
            "button_url": thread.get_full_url(),
        },
        idempotency_key=f"community-radar-invite:{thread.pk}:{email}",
        reply_to=by.email,
    )
    _log(community, by, Action.INVITE_EXPERT, thread=thread, reason=name)
    return mail


def make_proposal(thread: Thread, by: User, scope: RadarScope) -> TopicProposal:
    """The question as a topic proposal of its community; the same question gives one proposal."""
    _check(thread, by, scope)
    existing = TopicProposal.objects.filter(source_thread=thread).first()
    if existing is not None:
        return existing
    description = Truncator(strip_tags(thread.body)).chars(600)
    try:
        with transaction.atomic():
            proposal = TopicProposal.objects.create(
                community=thread.community,
                author=by,
                title=thread.title[:160],
                description=description,
                theme=thread.community.themes.first(),
                source_thread=thread,
            )
            _log(thread.community, by, Action.QUESTION_PROPOSAL, thread=thread)
    except IntegrityError:
        return TopicProposal.objects.get(source_thread=thread)
    return proposal


def plan_meetup(thread: Thread, by: User, scope: RadarScope) -> EventPage:
    """The question as a draft meetup: through its proposal, as any planned proposal."""
    proposal = make_proposal(thread, by, scope)
    if proposal.event_id:
        raise CommunityError(
            _("Van deze vraag is al een bijeenkomst gemaakt: ‘%(title)s’.")
            % {"title": proposal.event.title},
            "conflict",
        )
    if proposal.status != TopicProposal.Status.OPEN:
        raise CommunityError(_("Het voorstel bij deze vraag is al afgehandeld."), "conflict")
    return plan_as_event(proposal, by)


def faq_pages(scope: RadarScope) -> QuerySet[FaqPage]:
    """The FAQ pages of the scope's regions, where a question can be added."""
    pages = FaqPage.objects.none()
    for site in scope.sites:
        pages |= FaqPage.objects.descendant_of(site.root_page, inclusive=True)
    return pages.order_by("path")


def add_to_faq(
    thread: Thread,
    by: User,
    scope: RadarScope,
    page: FaqPage,
    *,
    question: str,
    answer: str,
) -> FaqPage:
    """Append the question with the desk's answer to the page's newest version, as a draft.

    Not published: an editor reads it over and publishes (Wagtail's own review and history).
    """
    _check(thread, by, scope)
    if not faq_pages(scope).filter(pk=page.pk).exists():
        raise CommunityError(_("Kies een pagina met veelgestelde vragen uit je eigen regio."))
    question = " ".join(clean_text(question or "").split())
    answer = clean_body(answer)
    if len(question) < 5 or len(question) > 200:
        raise CommunityError(_("Schrijf de vraag in 5 tot 200 tekens."))
    with transaction.atomic():
        page = FaqPage.objects.select_for_update().get(pk=page.pk).get_latest_revision_as_object()
        page.questions.append(("faq", {"question": question, "answer": answer}))
        page.save_revision(user=by, log_action=True)
        _log(thread.community, by, Action.ADD_TO_FAQ, thread=thread, reason=page.title)
    return page
