"""The rules of registering: seats, waiting list, offers, cancelling, check-in, reminders.

Every change to who holds a seat follows one pattern: lock the event row, recount the seats from
the registration rows, then write. Two requests for the last seat therefore take turns, and the
order in which they get the lock is the order of arrival on the waiting list.
"""

import logging
import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.credits import services as credits
from loket.sanitize import clean_text

from . import notifications
from .models import CANCELLED_BY_STAFF, OFFER_HOLD, EventPage, Registration
from .scheduling import claim_and_send
from .signals import attendance_recorded

logger = logging.getLogger(__name__)

Status = Registration.Status

MAX_ANSWER_CHARS = 1000


class RegistrationError(Exception):
    """A registration step that cannot happen; the message is Dutch and meant for the visitor."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = str(message)
        self.code = code

    def __str__(self):
        return self.message


# Locking and counting -------------------------------------------------------------------------


def lock_event(event):
    """Lock the event's own row until the transaction ends and return it fresh from the database.

    Only the ``events_eventpage`` row is locked (``of=("self",)``), so editors saving the page's
    tree row are not held up. SQLite ignores the lock; it serialises writers anyway.
    """
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def seats_held(event):
    """Seats held right now, recounted from the rows: confirmed plus offered."""
    return Registration.objects.filter(event=event, status__in=Registration.HOLDING).aggregate(
        total=Coalesce(Sum("seats"), 0)
    )["total"]


def seat_counts(event):
    """``(seats held, registrations waiting)`` in one query, recounted from the rows."""
    counts = Registration.objects.filter(event=event, status__in=Registration.ACTIVE).aggregate(
        held=Coalesce(Sum("seats", filter=Q(status__in=Registration.HOLDING)), 0),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return counts["held"], counts["waiting"]


def _now():
    return timezone.now()


def _check_open(event, now):
    state = event.registration_state(now)
    messages = {
        "cancelled": (_("Deze bijeenkomst is geannuleerd; aanmelden kan niet meer."), "cancelled"),
        "past": (_("Deze bijeenkomst is al begonnen of voorbij."), "past"),
        "not_yet": (
            _("Aanmelden kan vanaf %(date)s.")
            % {"date": timezone.localtime(event.registration_opens_at).strftime("%d-%m-%Y %H:%M")},
            "not_yet_open",
        ),
        "closed": (_("Aanmelden is gesloten voor deze bijeenkomst."), "closed"),
    }
    if state in messages:
        message, code = messages[state]
        raise RegistrationError(message, code)


def clean_colleagues(colleagues, max_colleagues):
    """Normalise colleagues to ``[{"name": …, "email": …}]``; names are required."""
    cleaned = []
    seen_emails = set()
    for colleague in colleagues or ():
        if isinstance(colleague, str):
            colleague = {"name": colleague}
        if not isinstance(colleague, dict):
            raise RegistrationError(_("Vul voor elke collega een naam in."))
        name = clean_text(str(colleague.get("name") or "")).strip()[:120]
        email = str(colleague.get("email") or "").strip().lower()
        if not name and not email:
            continue
        if not name:
            raise RegistrationError(_("Vul voor elke collega een naam in."))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise RegistrationError(
                    _("Het e-mailadres van %(name)s klopt niet.") % {"name": name}
                ) from None
            if email in seen_emails:
                raise RegistrationError(_("Je noemde hetzelfde e-mailadres twee keer."))
            seen_emails.add(email)
        cleaned.append({"name": name, "email": email})
    if len(cleaned) > max_colleagues:
        if max_colleagues == 0:
            raise RegistrationError(_("Bij deze bijeenkomst meldt iedereen zich zelf aan."))
        raise RegistrationError(
            _("Je kunt bij deze bijeenkomst maximaal %(n)s collega's meenemen.")
            % {"n": max_colleagues}
        )
    return cleaned


def active_registration(event, user):
    if not getattr(user, "pk", None):
        return None
    return (
        Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE)
        .order_by("-created_at")
        .first()
    )


# Registering ----------------------------------------------------------------------------------


def register_for_event(
    event,
    user,
    *,
    colleagues=(),
    answer="",
    source=Registration.Source.MEMBER,
    pay_with_credits=False,
):
    """Register ``user`` (and colleagues, counted together) for ``event``.

    Returns the new ``Registration``: ``bevestigd`` when the whole party fits, otherwise the whole
    party goes on the waiting list (all or nothing). Raises ``RegistrationError`` with a Dutch
    message when it cannot happen; nothing is stored then.

    ``pay_with_credits`` spends ``credits_price`` per seat from the member's credits in the same
    transaction, with the ledger reference ``registratie:<pk>``: too few credits refuses the whole
    registration. Only a seat that is free now can be paid with credits: a party that would land
    on the waiting list is refused, so nobody's credits are held while they wait (they can join
    the waiting list without paying). A double submit finds the first registration and spends
    nothing.
    """
    if not getattr(user, "pk", None) or not user.is_active:
        raise RegistrationError(_("Log in of vul je gegevens in om je aan te melden."))
    answer = clean_text(str(answer or "")).strip()
    if len(answer) > MAX_ANSWER_CHARS:
        raise RegistrationError(
            _("Je antwoord is te lang; houd het onder de %(n)s tekens.") % {"n": MAX_ANSWER_CHARS}
        )

    try:
        with transaction.atomic():
            event = lock_event(event)
            now = _now()
            _check_open(event, now)
            party = clean_colleagues(colleagues, event.max_colleagues)
            seats = 1 + len(party)
            if seats > event.capacity:
                raise RegistrationError(
                    _("Zoveel plaatsen heeft deze bijeenkomst niet; meld minder collega's aan.")
                )
            existing = active_registration(event, user)
            if existing is not None:
                if existing.status == Status.WAITING:
                    raise RegistrationError(
                        _("Je staat al op de wachtlijst voor deze bijeenkomst."), "duplicate"
                    )
                raise RegistrationError(
                    _("Je bent al aangemeld voor deze bijeenkomst."), "duplicate"
                )
            held, waiting = seat_counts(event)
            # Someone already waiting goes first: a newcomer never jumps the queue.
            fits = not waiting and held + seats <= event.capacity
            price = _credits_price(event, seats, fits) if pay_with_credits else 0
            registration = Registration.objects.create(
                event=event,
                user=user,
                status=Status.CONFIRMED if fits else Status.WAITING,
                seats=seats,
                colleagues=party,
                answer=answer,
                source=source,
                created_at=now,
                confirmed_at=now if fits else None,
                paid_credits=price,
            )
            if price:
                _spend_credits(registration, event, price)
            if fits:
                notifications.confirmation(registration)
            else:
                notifications.waiting_list(registration)
    except IntegrityError:
        # The unique constraint caught a double registration the lock did not (another database).
        raise RegistrationError(
            _("Je bent al aangemeld voor deze bijeenkomst."), "duplicate"
        ) from None
    return registration


def _credits_price(event, seats, fits):
    if not event.payable_with_credits:
        raise RegistrationError(_("Voor deze bijeenkomst kun je niet met credits betalen."))
    if not fits:
        raise RegistrationError(
            _(
                "Deze bijeenkomst zit vol. Met credits betaal je alleen een vrije plek; meld je "
                "zonder credits aan voor de wachtlijst, dan houden we je credits niet vast."
            ),
            "full",
        )
    return event.credits_price * seats


def _spend_credits(registration, event, price):
    """Spend inside the registration's transaction: refused, and nothing of it is stored."""
    try:
        credits.spend_credits(
            registration.user,
            price,
            reason=seat_reason(event)[:255],
            reference=registration.credits_reference,
        )
    except credits.CreditError as error:
        raise RegistrationError(
            _("Je hebt niet genoeg credits voor deze plek. %(detail)s") % {"detail": error.message},
            "insufficient_credits",
        ) from None


def seat_reason(event):
    return _("Plek bij %(title)s") % {"title": event.title}


def refund_seat_credits(registration, why):
    """Give the credits paid for ``registration`` back, once (the ledger's unique refund
    reference refuses a second refund, so calling this again returns the first)."""
    if not registration.paid_credits:
        return None
    reason = _("Credits terug: %(seat)s (%(why)s)") % {
        "seat": seat_reason(registration.event),
        "why": why,
    }
    return credits.refund_by_reference(
        registration.user, registration.credits_reference, reason=reason[:255]
    )


def registration_from_token(token, event=None):
    pk = Registration.pk_from_token(token or "")
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if registration is None or (event is not None and registration.event_id != event.pk):
        raise RegistrationError(
            _("Deze link klopt niet. Gebruik de link uit je laatste mail, of neem contact op."),
            "bad_token",
        )
    return registration


def _locked_registration(registration):
    return Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)


def cancel_registration(token, *, event=None):
    """Cancel the registration a signed link points to; frees its seats for the waiting list.

    Cancelling twice is harmless: the second time returns the already cancelled registration.
    """
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        if event.start <= _now():
            raise RegistrationError(
                _("Deze bijeenkomst is al begonnen; afmelden kan niet meer."), "past"
            )
        held = registration.status in Registration.HOLDING
        _cancel(registration, "zelf")
        registration.event = event
        refunded = registration.credits_refund_due and refund_seat_credits(
            registration, _("op tijd afgemeld")
        )
        notifications.cancelled_by_registrant(registration, credits_refunded=bool(refunded))
        if held:
            promote_from_waiting_list(event, locked=True)
    return registration


def _cancel(registration, reason):
    registration.status = Status.CANCELLED
    registration.cancelled_at = _now()
    registration.cancel_reason = reason
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "cancel_reason", "offer_expires_at"])


def leave_waiting_list(token, *, event=None):
    """Take oneself off the waiting list (or turn down an offered seat) with one link."""
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        if registration.status == Status.CONFIRMED:
            raise RegistrationError(
                _("Je hebt al een plek. Afmelden kan met de link uit je bevestigingsmail."),
                "confirmed",
            )
        was_offered = registration.status == Status.OFFERED
        _cancel(registration, "wachtlijst verlaten")
        if was_offered:
            promote_from_waiting_list(event, locked=True)
    return registration


def promote_from_waiting_list(event, *, locked=False):
    """Offer free seats to the waiting list, in order of arrival; returns the offers made.

    Each offer holds the seats for ``OFFER_HOLD`` (48 hours), or until registration closes when
    that is sooner. A party that does not fit the free seats keeps its place while a smaller party
    behind it may take them. Safe to run twice: it only fills seats that are free.
    """
    if not locked:
        with transaction.atomic():
            return promote_from_waiting_list(lock_event(event), locked=True)
    now = _now()
    if event.cancelled or event.closes_at <= now:
        return []
    free = event.capacity - seats_held(event)
    expires_at = min(now + OFFER_HOLD, event.closes_at)
    offers = []
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).select_related("user")
    for registration in waiting.order_by("created_at", "id"):
        if free <= 0:
            break
        if registration.seats > free:
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = expires_at
        registration.save(update_fields=["status", "offer_expires_at"])
        registration.event = event
        notifications.offer(registration)
        free -= registration.seats
        offers.append(registration)
    return offers


def claim_offer(token, *, event=None):
    """Take the seat offered from the waiting list. Claiming twice returns the confirmed row."""
    registration = registration_from_token(token, event)
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status == Status.CANCELLED:
            raise RegistrationError(
                _("Deze plek is niet meer voor je gereserveerd; het aanbod is verlopen."),
                "expired",
            )
        if registration.status == Status.WAITING:
            raise RegistrationError(
                _("Je staat nog op de wachtlijst; we mailen je zodra er een plek vrijkomt."),
                "waiting",
            )
        if event.cancelled:
            raise RegistrationError(_("Deze bijeenkomst is geannuleerd."), "cancelled")
        if registration.offer_expires_at <= _now():
            raise RegistrationError(
                _("Deze plek is niet meer voor je gereserveerd; het aanbod is verlopen."),
                "expired",
            )
        registration.status = Status.CONFIRMED
        registration.confirmed_at = _now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
        registration.event = event
        notifications.confirmation(registration)
    return registration


def expire_offers():
    """Withdraw offers nobody claimed in time and pass the seats on. Returns how many expired.

    Safe to run twice (beat may overlap): each event is locked, and an offer that is already
    withdrawn is no longer ``aangeboden``.
    """
    now = _now()
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            event = EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)
            stale = Registration.objects.select_for_update().filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            )
            for registration in stale.select_related("user"):
                _cancel(registration, "aanbod verlopen")
                registration.event = event
                notifications.offer_expired(registration)
                expired += 1
            promote_from_waiting_list(event, locked=True)
    return expired


# At the door ----------------------------------------------------------------------------------


def check_in(event, registration, *, undo=False):
    """Record that a confirmed registrant came (or undo that). Only registered attendees.

    Ticking twice keeps the first time.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(pk=getattr(registration, "pk", None))
        ).first()
        if registration is None or registration.event_id != event.pk:
            raise RegistrationError(
                _("Deze persoon is niet aangemeld voor deze bijeenkomst."), "not_registered"
            )
        if registration.status != Status.CONFIRMED:
            raise RegistrationError(
                _("Deze persoon heeft geen bevestigde plek voor deze bijeenkomst."),
                "not_registered",
            )
        first_time = not undo and registration.checked_in_at is None
        if undo:
            registration.checked_in_at = None
        elif first_time:
            registration.checked_in_at = _now()
        registration.save(update_fields=["checked_in_at"])
        if first_time:
            # Later layers (referral credits, intervision, testimonials) listen for this.
            transaction.on_commit(
                lambda: attendance_recorded.send(
                    sender=Registration, registration=registration, event=event
                )
            )
    return registration


# The organiser --------------------------------------------------------------------------------


def cancel_event(event, reason, *, user=None):
    """Cancel ``event``: publish it as cancelled with ``reason`` and mail every registrant."""
    reason = clean_text(str(reason or "")).strip()
    if not reason:
        raise RegistrationError(_("Vertel kort waarom de bijeenkomst niet doorgaat."))
    with transaction.atomic():
        lock_event(event)
        page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
        page.cancelled = True
        page.cancellation_reason = reason
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        notify_event_cancelled(page)
    return page


def notify_event_cancelled(event):
    """Mail everyone with a seat, an offer or a waiting-list place that the event is cancelled.

    Safe to run twice (the admin's publish signal and ``cancel_event`` may both call it): every
    mail has an idempotency key per registration.
    """
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.ACTIVE
    ).select_related("user")
    count = 0
    for registration in registrations:
        registration.event = event
        refund_seat_credits(registration, _("bijeenkomst geannuleerd"))
        notifications.event_cancelled(registration)
        count += 1
    # Who paid and cancelled late also gets the credits back: the event did not take place.
    late = Registration.objects.filter(
        event=event, status=Status.CANCELLED, paid_credits__gt=0
    ).select_related("user")
    for registration in late:
        registration.event = event
        refund_seat_credits(registration, _("bijeenkomst geannuleerd"))
    return count


def add_by_staff(event, user, *, answer=""):
    """The organiser adds someone by hand; same rules as registering, marked as added by staff."""
    return register_for_event(event, user, answer=answer, source=Registration.Source.STAFF)


def remove_by_staff(registration):
    """The organiser removes a registration; its seats go to the waiting list."""
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = _locked_registration(registration)
        if registration.status == Status.CANCELLED:
            return registration
        held = registration.status in Registration.HOLDING
        _cancel(registration, CANCELLED_BY_STAFF)
        registration.event = event
        refund_seat_credits(registration, _("afgemeld door de organisatie"))
        if held and event.start > _now():
            promote_from_waiting_list(event, locked=True)
    return registration


# Reminders ------------------------------------------------------------------------------------

DAY = timedelta(hours=24)
WEEK = timedelta(days=7)


def send_reminders():
    """Queue the reminders that are due. Returns ``(week, day)`` counts of reminders queued.

    A day before the start every confirmed attendee gets a reminder; a week before, those who
    registered more than a week ahead. Safe to run twice: each registration is claimed with a
    conditional update before its mail is queued, and the mail's idempotency key is per
    registration and kind, so overlapping beat runs cannot send one twice.
    """
    now = _now()
    upcoming = Registration.objects.filter(
        status=Status.CONFIRMED,
        event__cancelled=False,
        event__live=True,
        event__start__gt=now,
    )
    day_due = upcoming.filter(event__start__lte=now + DAY, reminder_day_sent_at__isnull=True)
    week_due = upcoming.filter(
        event__start__lte=now + WEEK,
        event__start__gt=now + DAY,
        reminder_week_sent_at__isnull=True,
        created_at__lte=F("event__start") - WEEK,
    )
    week = _claim_and_send(week_due, "reminder_week_sent_at", "week", now)
    day = _claim_and_send(day_due, "reminder_day_sent_at", "day", now)
    return week, day


def _claim_and_send(queryset, field, kind, now):
    def send(registration):
        notifications.reminder(registration, kind)  # counts as one reminder sent

    return claim_and_send(queryset.select_related("event", "user"), field, send, now=now)


# Recurring series -----------------------------------------------------------------------------

SERIES_RULES = {
    "weekly": _("Elke week"),
    "biweekly": _("Elke twee weken"),
    "monthly": _("Elke maand op dezelfde weekdag (bijvoorbeeld elke eerste dinsdag)"),
}
MAX_OCCURRENCES = 24


def _nth_weekday(year, month, weekday, n):
    """The ``n``-th ``weekday`` of a month; ``n`` 5 means the last one."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    if n >= 5:
        while (day + timedelta(days=7)).month == month:
            day += timedelta(days=7)
        return day
    return day + timedelta(days=7 * (n - 1))


def series_dates(start_date, rule, count):
    """The dates of ``count`` occurrences from ``start_date`` (included) following ``rule``."""
    if rule == "weekly":
        return [start_date + timedelta(weeks=i) for i in range(count)]
    if rule == "biweekly":
        return [start_date + timedelta(weeks=2 * i) for i in range(count)]
    if rule == "monthly":
        n = (start_date.day - 1) // 7 + 1
        dates = []
        for i in range(count):
            month_index = start_date.month - 1 + i
            year, month = start_date.year + month_index // 12, month_index % 12 + 1
            dates.append(_nth_weekday(year, month, start_date.weekday(), n))
        return dates
    raise RegistrationError(_("Kies hoe vaak de bijeenkomst terugkomt."))


def create_series(event, *, rule, count, user=None, publish=True):
    """Repeat ``event`` as a series: ``count`` dates in total, each a page of its own.

    The copies keep the event's content, speakers, themes and tags, start at the same local
    time (also across daylight-saving changes), and are published when the original is live.
    Returns the new pages. Dates that already have an occurrence of the series are skipped, so
    running it twice does not make doubles.
    """
    if not 2 <= count <= MAX_OCCURRENCES:
        raise RegistrationError(
            _("Een reeks heeft 2 tot %(n)s bijeenkomsten.") % {"n": MAX_OCCURRENCES}
        )
    event = EventPage.objects.get(pk=event.pk)
    local_start = timezone.localtime(event.start)
    duration = event.end - event.start
    opens_before = (
        event.start - event.registration_opens_at if event.registration_opens_at else None
    )
    closes_before = (
        event.start - event.registration_closes_at if event.registration_closes_at else None
    )
    with transaction.atomic():
        if event.series_id is None:
            event.series_id = uuid.uuid4()
            EventPage.objects.filter(pk=event.pk).update(series_id=event.series_id)
        taken = {
            timezone.localtime(start).date()
            for start in EventPage.objects.filter(series_id=event.series_id).values_list(
                "start", flat=True
            )
        }
        parent = event.get_parent()
        created = []
        for day in series_dates(local_start.date(), rule, count)[1:]:
            if day in taken:
                continue
            start = timezone.make_aware(datetime.combine(day, local_start.time()))
            slug = _free_slug(parent, f"{event.slug}-{day:%Y-%m-%d}")
            copy = event.copy(
                to=parent,
                update_attrs={
                    "slug": slug,
                    "start": start,
                    "end": start + duration,
                    "registration_opens_at": start - opens_before if opens_before else None,
                    "registration_closes_at": start - closes_before if closes_before else None,
                    "series_id": event.series_id,
                    "cancelled": False,
                    "cancellation_reason": "",
                },
                keep_live=event.live and publish,
                copy_revisions=False,
                user=user,
                log_action=None,
            )
            created.append(copy.specific)
    return created


def _free_slug(parent, slug):
    siblings = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in siblings:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# After the event ------------------------------------------------------------------------------

FOLLOW_UP_AFTER = timedelta(hours=12)
FOLLOW_UP_WITHIN = timedelta(days=7)


def send_follow_ups():
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

    def send(registration):
        nonlocal came, missed
        if registration.checked_in_at is not None or registration.event_id not in recorded:
            notifications.follow_up(registration)
            came += 1
        else:
            notifications.missed_you(registration)
            missed += 1

    claim_and_send(due, "follow_up_sent_at", send, now=now)
    return came, missed


def submit_feedback(token, *, event, score, progressed, effort, sentence=""):
    """Store how it was. Filling it in again replaces the earlier answers."""
    from .models import Feedback

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
    return feedback


def feedback_results(*, by="event", since=None):
    """Averages of the follow-up form per event (or per event type), most recent first."""
    from .models import Feedback

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


# Invitations ----------------------------------------------------------------------------------

MAX_NOTE_CHARS = 500


def invite_to_event(event, inviter, *, email, note=""):
    """Mail a contact the event with the member's personal note; they register from the link.

    Inviting the same address twice for one event sends nothing new. The mail is "bulk": it has
    a one-click opt-out, and an address that opted out gets nothing.
    """
    from .models import Invitation

    if not getattr(inviter, "pk", None):
        raise RegistrationError(_("Log in om iemand uit te nodigen."), "login")
    email = str(email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError(_("Dit e-mailadres klopt niet; controleer het even.")) from None
    if email == inviter.email.lower():
        raise RegistrationError(_("Je kunt jezelf niet uitnodigen; meld je gewoon aan."))
    note = clean_text(str(note or "")).strip()
    if len(note) > MAX_NOTE_CHARS:
        raise RegistrationError(
            _("Houd je persoonlijke noot onder de %(n)s tekens.") % {"n": MAX_NOTE_CHARS}
        )
    if event.registration_state() not in ("open", "not_yet"):
        raise RegistrationError(
            _("Voor deze bijeenkomst kun je niemand meer uitnodigen."), "closed"
        )
    with transaction.atomic():
        invitation = Invitation.objects.filter(event=event, inviter=inviter, email=email).first()
        if invitation is not None:
            return invitation
        sent = Invitation.objects.filter(event=event, inviter=inviter).count()
        if sent >= Invitation.MAX_PER_MEMBER_PER_EVENT:
            raise RegistrationError(
                _("Je hebt al %(n)s mensen uitgenodigd voor deze bijeenkomst.")
                % {"n": Invitation.MAX_PER_MEMBER_PER_EVENT},
                "limit",
            )
        invitation = Invitation.objects.create(event=event, inviter=inviter, email=email, note=note)
        notifications.invitation(invitation)
    return invitation


def accept_invitation(token, registration):
    """Link a registration to the invitation it came from (when the address matches)."""
    from .models import Invitation

    invitation = Invitation.from_token(token)
    if (
        invitation is None
        or invitation.event_id != registration.event_id
        or invitation.email != registration.user.email.lower()
    ):
        return None
    Invitation.objects.filter(pk=invitation.pk, registration__isnull=True).update(
        registration=registration
    )
    return invitation


def purge_invitations(keep=timedelta(days=30)):
    """Forget the addresses of invited contacts who did not register, a month after the event.

    Safe to run twice: what is deleted is gone. Returns how many were removed.
    """
    from .models import Invitation

    deleted, _per_model = Invitation.objects.filter(
        registration__isnull=True, event__end__lt=_now() - keep
    ).delete()
    return deleted


# Telling registrants ---------------------------------------------------------------------------


def notify_schedule_change(event):
    """Mail everyone with a seat, offer or waiting-list place when time or place changed.

    Called when the event is published. The first publish only records the schedule. Safe to
    run twice: a schedule already told about is not told again (the mail key holds the schedule).
    """
    fingerprint = event.schedule_fingerprint()
    stored = EventPage.objects.filter(pk=event.pk).values_list("notified_schedule", flat=True)
    previous = stored.first() or event.notified_schedule
    if fingerprint == previous:
        return 0
    EventPage.objects.filter(pk=event.pk).update(notified_schedule=fingerprint)
    if not previous or event.cancelled or event.end <= _now():
        return 0
    count = 0
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.ACTIVE
    ).select_related("user")
    for registration in registrations:
        registration.event = event
        notifications.schedule_changed(registration, fingerprint)
        count += 1
    return count


MAX_MESSAGE_CHARS = 3000


def message_attendees(event, *, subject, body, user=None):
    """Mail everyone with a confirmed seat a message from the organiser; returns the message."""
    from .models import AttendeeMessage

    subject = clean_text(str(subject or "")).strip()
    body = clean_text(str(body or "")).strip()
    if not subject or not body:
        raise RegistrationError(_("Vul een onderwerp en een bericht in."))
    if len(subject) > 150 or len(body) > MAX_MESSAGE_CHARS:
        raise RegistrationError(
            _("Houd het kort: een onderwerp tot 150 en een bericht tot %(n)s tekens.")
            % {"n": MAX_MESSAGE_CHARS}
        )
    with transaction.atomic():
        message = AttendeeMessage.objects.create(
            event=event, subject=subject, body=body, sent_by=user
        )
        registrations = Registration.objects.filter(
            event=event, status=Status.CONFIRMED
        ).select_related("user")
        for registration in registrations:
            registration.event = event
            notifications.attendee_message(registration, message)
            message.recipients += 1
        message.save(update_fields=["recipients"])
    return message
