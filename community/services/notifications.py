"""Mail from the communities: replies to followed threads, the daily or weekly digest, decisions
about a membership, and the voters of a proposal that became an event.

Everything goes through the outbox (``queue_mail``) with an idempotency key per thing and
recipient, so a task that runs twice never mails twice. Notifications and digests are bulk mail:
one click on the link in the mail (or the ``List-Unsubscribe`` header) stops them.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from loket.accounts.models import DigestFrequency, User
from loket.mail.models import Category, OutgoingMail
from loket.mail.services import queue_mail
from loket.notifications.models import Notification
from loket.notifications.services import Kind, notify

from ..models.communities import Membership
from ..models.discussions import Reply, Thread
from ..models.proposals import ProposalVote, TopicProposal

if TYPE_CHECKING:
    from datetime import datetime

    from events.models import EventPage

    from . import Choice


def _first_name(user):
    return user.first_name if not user.is_deleted else ""


def _can_mail(user):
    return user is not None and user.is_active and not user.is_deleted and user.email


def notify_member(
    user: User,
    *,
    key: str,
    subject: str,
    heading: str,
    paragraphs: list[str],
    button_label: str = "",
    button_url: str = "",
    category: Choice = Category.TRANSACTIONAL,
    reply_to: str | None = None,
) -> OutgoingMail | None:
    """One personal mail with the site's generic template; ``key`` makes it idempotent."""
    if not _can_mail(user):
        return None
    return queue_mail(
        to=user.email,
        template="notification",
        context={
            "subject": str(subject),
            "heading": str(heading),
            "first_name": _first_name(user),
            "paragraphs": [str(p) for p in paragraphs if p],
            "button_label": str(button_label),
            "button_url": button_url,
        },
        idempotency_key=key,
        category=category,
        reply_to=reply_to,
    )


# Replies to followed threads ------------------------------------------------------------------


def notify_followers(reply_id: int) -> int:
    """Notify everyone who follows the reply's thread (not its author, not who left), and mail
    those who want it directly. Returns the number of mails. Safe twice: the notification and
    the mail are keyed per reply and recipient."""
    reply = (
        Reply.objects.select_related("thread__community", "author")
        .filter(pk=reply_id, is_hidden=False)
        .first()
    )
    if reply is None:
        return 0
    thread = reply.thread
    community = thread.community
    followers = (
        User.objects.filter(followed_threads__thread=thread, is_active=True, deleted_at=None)
        .filter(
            community_memberships__community=community,
            community_memberships__status=Membership.Status.MEMBER,
        )
        .exclude(pk=reply.author_id)
        .distinct()
    )
    excerpt = Truncator(strip_tags(reply.body)).chars(300)
    url = thread.get_full_url() + f"#reactie-{reply.pk}"
    sent = 0
    for user in followers:
        own = user.pk == thread.author_id
        notification = notify(
            user,
            Kind.THREAD_REPLY if own else Kind.FOLLOWED_REPLY,
            reply,
            key=str(reply.pk),
            title=_("%(name)s reageerde op ‘%(title)s’")
            % {"name": reply.author_name, "title": thread.title},
            text=excerpt,
            url=url,
            mail=partial(_reply_mail, user, reply, excerpt, url),
        )
        sent += notification is not None and notification.mail is not None
    return sent


def _reply_mail(user, reply, excerpt, url):
    thread = reply.thread
    community = thread.community
    return notify_member(
        user,
        key=f"{REPLY_KEY_PREFIX}{reply.pk}:{user.pk}",
        subject=_("Nieuwe reactie op ‘%(title)s’") % {"title": thread.title},
        heading=_("%(name)s reageerde") % {"name": reply.author_name},
        paragraphs=[
            _(
                "Er is een nieuwe reactie in %(community)s op ‘%(title)s’, een discussie "
                "die je "
                "volgt:"
            )
            % {"community": community.title, "title": thread.title},
            excerpt,
        ],
        button_label=_("Lees de reactie"),
        button_url=url,
        category=Category.BULK,
    )


def notify_helpful_answer(thread: Thread, reply: Reply) -> None:
    """Tell the reply's author the asker chose it as the most helpful answer. Once per reply:
    unmarking and marking again does not notify twice."""
    author = reply.author
    if author is None:
        return
    url = thread.get_full_url() + f"#reactie-{reply.pk}"
    title = _("Je antwoord op ‘%(title)s’ is gekozen als nuttigste") % {"title": thread.title}
    notify(
        author,
        Kind.HELPFUL_ANSWER,
        reply,
        key=str(reply.pk),
        title=title,
        text=_("%(name)s vond jouw antwoord het nuttigst. Dank je wel voor het meedenken!")
        % {"name": thread.author_name},
        url=url,
        mail=partial(
            notify_member,
            author,
            key=f"community-helpful:{reply.pk}",
            subject=title,
            heading=_("Je hielp een andere ondernemer verder"),
            paragraphs=[
                _("%(name)s koos jouw antwoord op ‘%(title)s’ als het nuttigste.")
                % {"name": thread.author_name, "title": thread.title},
                _("Fijn dat je je kennis deelt."),
            ],
            button_label=_("Bekijk de discussie"),
            button_url=url,
            category=Category.BULK,
        ),
    )


# The fan-out is a task published after the reply's commit. A broker that cannot be reached then
# (logged by loket.celery) or a crash between the commit and the publish loses it; the sweep
# finds those replies. The grace leaves room for the task itself; the window bounds the work.
REPLY_SWEEP_GRACE = timedelta(minutes=10)
REPLY_SWEEP_WINDOW = timedelta(days=2)
REPLY_KEY_PREFIX = "community-reply:"


def sweep_reply_notifications(now: datetime | None = None) -> int:
    """Fan out the notifications of replies whose task never ran: visible replies written between
    ``REPLY_SWEEP_WINDOW`` and ``REPLY_SWEEP_GRACE`` ago of which the outbox holds no
    notification. Returns the number of mails queued. Safe twice, and safe beside a late task:
    ``notify_followers`` keys each mail per reply and recipient."""
    now = now or timezone.now()
    since = now - REPLY_SWEEP_WINDOW
    candidates = list(
        Reply.objects.filter(
            is_hidden=False, created_at__gte=since, created_at__lt=now - REPLY_SWEEP_GRACE
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not candidates:
        return 0
    keys = OutgoingMail.objects.filter(
        idempotency_key__startswith=REPLY_KEY_PREFIX, created_at__gte=since
    ).values_list("idempotency_key", flat=True)
    fanned_out = {key.split(":")[1] for key in keys}
    # A follower who wants no direct mail has a notification only: that reply is done too.
    notified = Notification.objects.filter(
        kind__in=[Kind.THREAD_REPLY, Kind.FOLLOWED_REPLY], created_at__gte=since
    ).values_list("key", flat=True)
    fanned_out.update(key.split(":")[1] for key in notified)
    return sum(notify_followers(pk) for pk in candidates if str(pk) not in fanned_out)


# The digest -----------------------------------------------------------------------------------

PERIODS = {
    DigestFrequency.DAILY: timedelta(days=1),
    DigestFrequency.WEEKLY: timedelta(days=7),
}
DIGEST_MAX_THREADS = 10


def digest_period_key(frequency: Choice, now: datetime) -> str:
    """The period a digest belongs to: a day (2026-11-24) or an ISO week (2026-W48)."""
    local = timezone.localtime(now)
    if frequency == DigestFrequency.WEEKLY:
        year, week, _weekday = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.strftime("%Y-%m-%d")


def digest_for(user: User, frequency: Choice, now: datetime | None = None) -> list[Thread]:
    """The new threads in the member's communities since the last period, busiest first."""
    now = now or timezone.now()
    since = now - PERIODS[frequency]
    community_ids = Membership.objects.filter(member=user, status=Membership.Status.MEMBER).values(
        "community_id"
    )
    return list(
        Thread.objects.visible()
        .filter(community_id__in=community_ids, community__live=True, last_activity_at__gte=since)
        .select_related("community")
        .annotate(reply_total=Count("replies", filter=Q(replies__is_hidden=False)))
        .order_by("-last_activity_at", "-pk")[:DIGEST_MAX_THREADS]
    )


def send_digests(frequency: Choice, now: datetime | None = None) -> int:
    """Queue one digest per member who chose ``frequency`` and has something new.

    Safe to run twice in a period: the key is per member and period, so the second run queues
    nothing new.
    """
    now = now or timezone.now()
    period = digest_period_key(frequency, now)
    members = (
        User.objects.filter(
            profile__digest_frequency=frequency,
            is_active=True,
            deleted_at=None,
            community_memberships__status=Membership.Status.MEMBER,
        )
        .distinct()
        .order_by("pk")
    )
    queued = 0
    for user in members.iterator():
        threads = digest_for(user, frequency, now)
        if not threads:
            continue
        heading = (
            _("Dit gebeurde er vandaag in je communities")
            if frequency == DigestFrequency.DAILY
            else _("Dit gebeurde er deze week in je communities")
        )
        mail = queue_mail(
            to=user.email,
            template="community_digest",
            context={
                "first_name": _first_name(user),
                "heading": heading,
                "threads": [
                    {
                        "title": t.title,
                        "community": t.community.title,
                        "kind": t.get_kind_display(),
                        "replies": t.reply_total,
                        "url": t.get_full_url(),
                    }
                    for t in threads
                ],
            },
            idempotency_key=f"community-digest:{user.pk}:{period}",
            category=Category.BULK,
        )
        queued += mail is not None
    return queued


# Proposals that became events -----------------------------------------------------------------


def notify_voters_event_published(event: EventPage) -> int:
    """Mail the voters (and the proposer) of every proposal that became ``event``. Safe on every
    publish: the key is per proposal and recipient."""
    proposals = TopicProposal.objects.filter(
        event=event, status=TopicProposal.Status.PLANNED
    ).select_related("community", "author")
    sent = 0
    for proposal in proposals:
        voters = {
            v.voter for v in ProposalVote.objects.filter(proposal=proposal).select_related("voter")
        }
        if proposal.author is not None:
            voters.add(proposal.author)
        for user in sorted(voters, key=lambda u: u.pk):
            notification = notify(
                user,
                Kind.PROPOSAL_EVENT,
                proposal,
                key=str(proposal.pk),
                title=_("‘%(proposal)s’ wordt een bijeenkomst: %(event)s")
                % {"proposal": proposal.title, "event": event.title},
                text=_("%(community)s, %(date)s")
                % {
                    "community": proposal.community.title,
                    "date": timezone.localtime(event.start).strftime("%d-%m-%Y %H:%M"),
                },
                url=event.get_full_url(),
                mail=partial(_proposal_mail, user, proposal, event),
            )
            sent += notification is not None and notification.mail is not None
    return sent


def _proposal_mail(user, proposal, event):
    return notify_member(
        user,
        key=f"community-proposal-event:{proposal.pk}:{user.pk}",
        subject=_("Jouw onderwerp staat op de agenda: %(title)s") % {"title": event.title},
        heading=_("Het onderwerp waar je op stemde, komt op de agenda"),
        paragraphs=[
            _(
                "In %(community)s stemde je voor ‘%(proposal)s’. Daar komt nu een "
                "bijeenkomst over: %(event)s op %(date)s."
            )
            % {
                "community": proposal.community.title,
                "proposal": proposal.title,
                "event": event.title,
                "date": timezone.localtime(event.start).strftime("%d-%m-%Y %H:%M"),
            },
            _("Meld je aan zolang er plek is."),
        ],
        button_label=_("Bekijk de bijeenkomst"),
        button_url=event.get_full_url(),
        category=Category.BULK,
    )
