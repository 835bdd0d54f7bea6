"""The mails of the events app, all through the outbox (``loket.mail.services.queue_mail``).

Each mail has an idempotency key per registration and kind, so a retried request or a task that
runs twice never sends it twice. Called from ``events.services`` inside its transactions: the
outbox row commits (or rolls back) together with the registration change it reports.
"""

from functools import partial

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import hooks as loket_hooks
from loket.mail.models import Category
from loket.mail.services import queue_mail
from loket.notifications.services import Kind, notify

from .ical import event_calendar


def _when(event):
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    return {"start_local": start, "end_local": end, "same_day": start.date() == end.date()}


def _context(registration, **extra):
    event = registration.event
    user = registration.user
    context = {
        "first_name": user.first_name or user.get_full_name() or "",
        "event": event,
        "event_url": event.get_full_url(),
        "ical_url": event.full_url_for("ical"),
        "registration": registration,
        "colleague_names": registration.colleague_names,
        **_when(event),
    }
    context.update(extra)
    return context


def _send(registration, template, key, *, with_ics=False, **extra):
    kwargs = {}
    if with_ics:
        filename = f"{registration.event.slug}.ics"
        kwargs["attachments"] = [
            (filename, event_calendar(registration.event).to_ical().decode(), "text/calendar")
        ]
    return queue_mail(
        to=registration.user.email,
        template=template,
        context=_context(registration, **extra),
        idempotency_key=f"events:{key}:{registration.pk}",
        site=registration.event.get_site(),
        **kwargs,
    )


def confirmation(registration):
    return _send(
        registration,
        "events_confirmation",
        "confirmation",
        with_ics=True,
        refund_deadline_local=timezone.localtime(registration.event.credits_refund_deadline),
        cancel_url=registration.cancel_url(),
        online_url=registration.event.online_url if registration.event.is_online else "",
        qr_url=registration.qr_image_url() if registration.event.has_venue else "",
        qr_alt=_("Code om je aan te melden bij de deur"),
    )


def waiting_list(registration):
    return _send(registration, "events_waiting_list", "waiting", leave_url=registration.leave_url())


def offer(registration):
    """The offer of a seat from the waiting list: a notification, and its mail (always sent: the
    seat is held for a short while only)."""
    expires_local = timezone.localtime(registration.offer_expires_at)
    mail = partial(
        _send,
        registration,
        "events_offer",
        "offer",
        offer_url=registration.offer_url(),
        leave_url=registration.leave_url(),
        expires_local=expires_local,
    )
    notification = notify(
        registration.user,
        Kind.WAITING_LIST_OFFER,
        registration,
        key=str(registration.pk),
        title=_("Er is een plek vrij voor je bij %(event)s") % {"event": registration.event.title},
        text=_("Bevestig je plek vóór %(when)s.")
        % {"when": expires_local.strftime("%d-%m-%Y %H:%M")},
        url=registration.offer_url(),
        mail=mail,
    )
    return notification.mail if notification is not None else mail()


def offer_expired(registration):
    return _send(registration, "events_offer_expired", "offer-expired")


def cancelled_by_registrant(registration, *, credits_refunded=False):
    return _send(
        registration,
        "events_registration_cancelled",
        "cancelled",
        credits_refunded=credits_refunded,
        refund_deadline_local=timezone.localtime(registration.event.credits_refund_deadline),
    )


def event_cancelled(registration):
    # Whoever paid with credits gets them back (events.services.notify_event_cancelled).
    return _send(
        registration,
        "events_event_cancelled",
        "event-cancelled",
        reason=registration.event.cancellation_reason,
        credits_refunded=bool(registration.paid_credits),
    )


def reminder(registration, kind):
    return _send(
        registration,
        "events_reminder",
        f"reminder-{kind}",
        kind=kind,
        cancel_url=registration.cancel_url(),
        online_url=registration.event.online_url if registration.event.is_online else "",
    )


def follow_up(registration):
    extra = loket_hooks.follow_up_context(registration)  # e.g. testimonials' share link
    return _send(
        registration,
        "events_follow_up",
        "follow-up",
        feedback_url=registration.feedback_url(),
        **extra,
    )


def missed_you(registration):
    agenda = registration.event.get_parent()
    return _send(registration, "events_missed_you", "missed-you", agenda_url=agenda.full_url)


def invitation(invitation):
    event = invitation.event
    inviter = invitation.inviter
    return queue_mail(
        to=invitation.email,
        template="events_invitation",
        category=Category.BULK,
        reply_to=inviter.email,
        idempotency_key=f"events:invitation:{invitation.pk}",
        site=event.get_site(),
        context={
            "event": event,
            "inviter_name": inviter.get_full_name() or inviter.email,
            "note": invitation.note,
            "invitation_url": invitation.url(),
            **_when(event),
        },
    )


def schedule_changed(registration, fingerprint):
    return queue_mail(
        to=registration.user.email,
        template="events_schedule_changed",
        context=_context(
            registration,
            cancel_url=registration.cancel_url(),
            online_url=registration.event.online_url
            if registration.event.is_online and registration.status == "bevestigd"
            else "",
        ),
        idempotency_key=f"events:changed:{registration.pk}:{fingerprint}",
        site=registration.event.get_site(),
    )


def attendee_message(registration, message):
    return queue_mail(
        to=registration.user.email,
        template="events_attendee_message",
        context=_context(registration, message=message),
        idempotency_key=f"events:message:{message.pk}:{registration.pk}",
        site=registration.event.get_site(),
    )


def next_meetup_for_theme(theme):
    """The first live, open meetup of ``theme`` still to come (None when there is none)."""
    if theme is None:
        return None
    return (
        apps.get_model("events", "EventPage")  # by name: the page module imports the views
        .objects.live()
        .filter(themes=theme, cancelled=False, start__gt=timezone.now())
        .defer_streamfields()
        .order_by("start", "pk")
        .first()
    )


def invite_after_intake(intake):
    """A held intake invites the entrepreneur to the next meetup of their theme, with peers.
    Once per intake (the idempotency key); nothing when there is no meetup or no address."""
    event = next_meetup_for_theme(intake.theme)
    if event is None or not intake.email:
        return None
    return queue_mail(
        to=intake.email,
        template="events_intake_invitation",
        category=Category.BULK,
        idempotency_key=f"events:intake-invitation:{intake.pk}",
        context={
            "first_name": intake.first_name,
            "theme": intake.theme.name,
            "event": event,
            "event_url": event.get_full_url(),
            **_when(event),
        },
    )
