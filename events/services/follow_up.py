"""After the event: the follow-up mail (the experience request, or "we missed you"), the short
feedback form it links to, and the averages of that feedback.

The form's rapportcijfer is the meetup's satisfaction rating (``loket.satisfaction``): the
follow-up asks it (without a mail of its own) and the first answer in the form is the rating.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Max, Q
from django.utils.translation import gettext as _

from events import notifications
from events.models.registration import Feedback, Registration
from events.scheduling import claim_and_send
from loket.sanitize import clean_text
from loket.satisfaction import services as satisfaction
from loket.satisfaction.models import ContactKind, Resolved

from .base import RegistrationError, Status, _now, registration_from_token

if TYPE_CHECKING:
    from events.models.pages import EventPage

FOLLOW_UP_AFTER = timedelta(hours=12)
FOLLOW_UP_WITHIN = timedelta(days=7)


def send_follow_ups() -> tuple[int, int]:
    """The day after an event: those who came get the experience request, no-shows a friendly
    "we missed you". Returns ``(came, missed)`` counts.

    When nobody was checked in at all, attendance was not recorded: then everyone with a seat
    gets the experience request rather than being called a no-show. Safe to run twice: each
    registration is claimed with a conditional update, and the mail's key is per registration.
    """
    now = _now()
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        follow_up_sent_at__isnull=True,
        event__live=True,
        event__cancelled=False,
        event__end__lte=now - FOLLOW_UP_AFTER,
        event__end__gt=now - FOLLOW_UP_WITHIN,
    ).select_related("event", "user")
    recorded = set(
        Registration.objects.filter(
            event__in=due.values("event"), checked_in_at__isnull=False
        ).values_list("event_id", flat=True)
    )
    came = missed = 0

    def send(registration: Registration) -> None:
        nonlocal came, missed
        if registration.checked_in_at is not None or registration.event_id not in recorded:
            _ask_rating(registration)
            notifications.follow_up(registration)
            came += 1
        else:
            notifications.missed_you(registration)
            missed += 1

    claim_and_send(due, "follow_up_sent_at", send, now=now)
    return came, missed


# The follow-up form asks "kwam je een stap verder?" and "hoe makkelijk?" (5 = heel makkelijk);
# the rating asks "opgelost?" and CES (5 = heel veel moeite).
PROGRESS_TO_RESOLVED = {
    str(Feedback.Progress.YES): str(Resolved.YES),
    str(Feedback.Progress.A_BIT): str(Resolved.PARTLY),
    str(Feedback.Progress.NO): str(Resolved.NO),
}


def rating_key(registration: Registration) -> str:
    return f"meetup:{registration.pk}"


def _ask_rating(registration: Registration) -> None:
    """The meetup's satisfaction question; the follow-up mail carries it (safe twice: per key)."""
    event = registration.event
    site = event.get_site()
    if site is None or registration.user_id is None:
        return
    satisfaction.request_rating(
        str(ContactKind.MEETUP),
        site=site,
        person=registration.user,
        contact_key=rating_key(registration),
        theme=event.themes.first(),
        adviser=str(_("Team communitymanagement")),
        label=event.title,
        contact_at=event.start,
        mail=False,
    )


def submit_feedback(
    token: str,
    *,
    event: EventPage,
    score: int,
    progressed: str,
    effort: int,
    sentence: str = "",
) -> Feedback:
    """Store how it was. Filling it in again replaces the earlier answers."""
    registration = registration_from_token(token, event)
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(_("Alleen wie erbij was, kan laten weten hoe het was."), "invalid")
    if registration.event.start > _now():
        raise RegistrationError(
            _("De bijeenkomst moet nog beginnen; vertel ons na afloop hoe het was."), "not_yet"
        )
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration,
        defaults={
            "score": score,
            "progressed": progressed,
            "effort": effort,
            "sentence": clean_text(str(sentence or "")).strip()[:300],
        },
    )
    satisfaction.answer_from_follow_up(
        rating_key(registration),
        score=feedback.score,
        ces=6 - feedback.effort,
        resolved=PROGRESS_TO_RESOLVED[feedback.progressed],
        sentence=feedback.sentence,
    )
    return feedback


def feedback_results(*, by: str = "event", since: datetime | None = None) -> list[dict[str, Any]]:
    """Averages of the follow-up form per event (or per event type), most recent first."""
    rows = Feedback.objects.all()
    if since is not None:
        rows = rows.filter(registration__event__start__gte=since)
    key = "registration__event__event_type" if by == "type" else "registration__event"
    fields = [key] if by == "type" else [key, "registration__event__title"]
    return list(
        rows.values(*fields)
        .annotate(
            answers=Count("pk"),
            average_score=Avg("score"),
            average_effort=Avg("effort"),
            progressed=Count("pk", filter=Q(progressed="ja")),
            last=Max("registration__event__start"),
        )
        .order_by("-last")
    )
