"""What happens to intake requests: asking for one, the desk's status steps, erasure.

Views, the admin, tasks and tests call these functions. Every status step goes through
``_move``: it locks the row, checks the step is allowed from the current status, writes a
history row and queues the entrepreneur's mail in the same transaction; signals for later layers
go out after the commit.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.services import over_limit
from loket.mail.models import OutgoingMail
from loket.mail.services import forget_mails, queue_mail

from .forms import CONSENT_TEXT, clean_campaign_code
from .models import Channel, IntakeRequest, Status, StatusChange
from .signals import intake_held, intake_requested

logger = logging.getLogger(__name__)

# The session key a campaign's attribution may set; a hidden ``campaign`` field wins over it.
SESSION_CAMPAIGN_KEY = "campaign_code"
# The same address with the same question within this window is one request (a double submit).
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)
# New requests per hour: per address, per browser session, per network address (hashed).
ADDRESS_LIMIT = 3
SESSION_LIMIT = 5
NETWORK_LIMIT = 20
LIMIT_PERIOD = 60 * 60

# Which status may follow which. Nothing goes back: a held intake stays held (it may still be
# referred on), and a referred request is closed.
ALLOWED_STEPS = {
    Status.NEW: {Status.PLANNED, Status.HELD, Status.REFERRED},
    Status.PLANNED: {Status.PLANNED, Status.HELD, Status.REFERRED},
    Status.HELD: {Status.REFERRED},
    Status.REFERRED: set(),
}


class IntakeError(Exception):
    """A request or step that cannot be done; ``message`` is Dutch and meant for the screen."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


ERASED_MESSAGE = gettext_lazy(
    "De gegevens van deze aanvraag zijn gewist; je kunt er niets meer aan wijzigen."
)


def _erased_error():
    return IntakeError(str(ERASED_MESSAGE), "erased")


class RateLimited(IntakeError):
    def __init__(self):
        super().__init__(
            _(
                "We kregen net al een paar aanvragen van je binnen. Probeer het over een uur "
                "nog eens, of bel ons even."
            ),
            "rate_limited",
        )


def _digest(*parts):
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def retention_days():
    return getattr(settings, "INTAKE_RETENTION_DAYS", 365)


# Asking for an intake -------------------------------------------------------------------------


def campaign_for(request, posted=""):
    """The campaign that brought this request: the posted code, else the session's."""
    code = clean_campaign_code(posted)
    if not code and request is not None and hasattr(request, "session"):
        code = clean_campaign_code(request.session.get(SESSION_CAMPAIGN_KEY, ""))
    return code


def _check_limits(email, request):
    keys = [(f"intake:address:{_digest(email)[:32]}", ADDRESS_LIMIT)]
    if request is not None:
        if hasattr(request, "session") and request.session.session_key:
            keys.append(
                (f"intake:session:{_digest(request.session.session_key)[:32]}", SESSION_LIMIT)
            )
        network = request.META.get("REMOTE_ADDR", "")
        if network:
            # Only a hash, for an hour, in the cache: no network address is stored.
            keys.append(
                (f"intake:network:{_digest(settings.SECRET_KEY, network)[:32]}", NETWORK_LIMIT)
            )
    # Count every key (no short-circuit), so one busy key cannot be dodged by another.
    results = [over_limit(key, limit, LIMIT_PERIOD) for key, limit in keys]
    if any(results):
        raise RateLimited()


def _recent_duplicate(email, question, now):
    return (
        IntakeRequest.objects.not_erased()
        .filter(email=email, question=question, created_at__gte=now - DOUBLE_SUBMIT_WINDOW)
        .order_by("created_at")
        .first()
    )


def _dedupe_key(email, question, now):
    window = int(now.timestamp() // DOUBLE_SUBMIT_WINDOW.total_seconds())
    return _digest(email, " ".join(question.lower().split()), window)


def request_intake(data, *, user=None, request=None, now=None):
    """Store a request from the form's ``data``; return ``(intake, created)``.

    A double submit (same address and question within ``DOUBLE_SUBMIT_WINDOW``) returns the
    stored request and sends nothing again; a new request past the hourly limits raises
    ``RateLimited`` and stores nothing. The entrepreneur gets a confirmation mail through the
    outbox, and ``intake_requested`` goes out after the commit.
    """
    now = now or timezone.now()
    email = data["email"].strip().lower()
    question = data["question"]
    existing = _recent_duplicate(email, question, now)
    if existing is not None:
        return existing, False
    if request is not None and hasattr(request, "session") and not request.session.session_key:
        request.session.save()  # a key to count this browser's requests by
    # Only the logged-in requester owns the request. An address typed into the form proves
    # nothing (anyone can type a member's address); such a request is linked to that member
    # once they log in with it (``link_requests_of``).
    if user is not None and not user.is_authenticated:
        user = None
    intake = IntakeRequest(
        name=data["name"],
        email=email,
        company=data.get("company", ""),
        company_size=data["company_size"],
        theme=data.get("theme"),
        question=question,
        channel=data["channel"],
        phone=data.get("phone", ""),
        user=user,
        campaign=campaign_for(request, data.get("campaign", "")),
        consent_text=str(CONSENT_TEXT)[:255],
        consented_at=now,
        dedupe_key=_dedupe_key(email, question, now),
        created_at=now,
    )
    try:
        with transaction.atomic():
            # Insert first: an identical request racing in waits here on the unique key and
            # then takes the except below, so a double submit never counts towards the limits.
            intake.save()
            _check_limits(email, request)
            StatusChange.objects.create(
                intake=intake,
                to_status=Status.NEW,
                actor=user,
                actor_label=intake.name[:150],
                note=_("Aangevraagd via de website"),
                created_at=now,
            )
            _queue_confirmation(intake)
            transaction.on_commit(
                lambda: intake_requested.send(sender=IntakeRequest, intake=intake, request=request)
            )
    except IntegrityError:
        # The same double submit, racing in from another request: it stored the one request.
        existing = IntakeRequest.objects.filter(dedupe_key=intake.dedupe_key).first()
        if existing is None:
            raise
        return existing, False
    logger.info("Intake request %s stored.", intake.pk)
    return intake, True


def _site_contact():
    """The desk's phone and address for the mails, from the default site's settings."""
    from wagtail.models import Site

    from loket.core.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {}
    found = SiteSettings.for_site(site)
    return {
        "desk_phone": found.phone,
        "desk_email": found.contact_email,
        "desk_address": found.address,
    }


def _mail_context(intake):
    return {
        "first_name": intake.first_name,
        "intake": intake,
        "channel": intake.get_channel_display().lower(),
        "theme": intake.theme.name if intake.theme_id else "",
        "site_url": settings.SITE_URL.rstrip("/"),
        **_site_contact(),
    }


def _queue_confirmation(intake):
    queue_mail(
        to=intake.email,
        template="intake_confirmation",
        context=_mail_context(intake),
        idempotency_key=f"intake-confirmation:{intake.pk}",
    )


# Linking a request to a member -------------------------------------------------------------


def link_requests_of(user):
    """Give a member the requests they made with their verified address before logging in.

    Safe to run twice: only requests without a member are touched.
    """
    if not user.email_verified or not user.is_active:
        return 0
    return (
        IntakeRequest.objects.not_erased()
        .filter(user__isnull=True, email__iexact=user.email)
        .update(user=user)
    )


# The desk's steps ----------------------------------------------------------------------------


def _actor_label(user):
    if user is None:
        return ""
    return (user.get_full_name() or user.email)[:150]


def _move(intake, to, *, by, note="", **fields):
    with transaction.atomic():
        locked = IntakeRequest.objects.select_for_update().get(pk=intake.pk)
        if locked.erased_at is not None:
            raise _erased_error()
        if to not in ALLOWED_STEPS[Status(locked.status)]:
            raise IntakeError(
                _("Van “%(current)s” kan een aanvraag niet naar “%(to)s”.")
                % {"current": locked.get_status_display(), "to": Status(to).label},
                "state",
            )
        previous = locked.status
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.status = to
        if by is not None:
            locked.handled_by = by
        locked.save()
        StatusChange.objects.create(
            intake=locked,
            from_status=previous,
            to_status=to,
            actor=by,
            actor_label=_actor_label(by),
            note=note[:300],
        )
    return locked, previous


def plan(intake, *, planned_at, channel=None, by=None):
    """Plan (or move) the conversation; the entrepreneur gets the date and channel by mail."""
    if planned_at is None:
        raise IntakeError(_("Kies de datum en tijd van het gesprek."), "planned_at")
    if channel and channel not in Channel.values:
        raise IntakeError(_("Kies bezoek, telefoon of video."), "channel")
    changes = {"planned_at": planned_at}
    if channel:
        changes["channel"] = channel
    local = timezone.localtime(planned_at)
    with transaction.atomic():
        intake, previous = _move(
            intake,
            Status.PLANNED,
            by=by,
            note=_("%(when)s, %(channel)s")
            % {
                "when": local.strftime("%d-%m-%Y %H:%M"),
                "channel": Channel(changes.get("channel", intake.channel)).label.lower(),
            },
            **changes,
        )
        queue_mail(
            to=intake.email,
            template="intake_planned",
            context={
                **_mail_context(intake),
                "planned_local": local,
                "moved": previous == Status.PLANNED,
            },
            # A new date or channel is a new mail; saving the same appointment twice is not.
            idempotency_key=f"intake-planned:{intake.pk}:{local:%Y%m%d%H%M}:{intake.channel}",
        )
    return intake


def mark_held(intake, *, by=None, held_at=None, note=""):
    """Record that the intake conversation took place; ``intake_held`` goes out once."""
    intake, _previous = _move(
        intake, Status.HELD, by=by, note=note, held_at=held_at or timezone.now()
    )
    # The step above succeeds once per request (held cannot follow held), so this is sent once.
    transaction.on_commit(
        lambda: intake_held.send(sender=IntakeRequest, intake=intake, user=intake.user)
    )
    return intake


def refer(intake, *, referred_to, by=None, note=""):
    """Hand the entrepreneur over to someone else; they get a mail saying to whom."""
    referred_to = (referred_to or "").strip()
    if not referred_to:
        raise IntakeError(_("Noteer naar wie of welke organisatie je doorverwijst."), "referred_to")
    with transaction.atomic():
        intake, _previous = _move(
            intake,
            Status.REFERRED,
            by=by,
            note=note or referred_to,
            referred_to=referred_to[:200],
        )
        queue_mail(
            to=intake.email,
            template="intake_referred",
            context={**_mail_context(intake), "referred_to": intake.referred_to},
            idempotency_key=f"intake-referred:{intake.pk}",
        )
    return intake


def save_notes(intake, notes, *, by=None):
    """Keep the desk's notes on a request; an erased request takes none (it stays erased)."""
    with transaction.atomic():
        locked = IntakeRequest.objects.select_for_update().get(pk=intake.pk)
        if locked.erased_at is not None:
            raise _erased_error()
        IntakeRequest.objects.filter(pk=intake.pk).update(
            staff_notes=notes, updated_at=timezone.now()
        )
    intake.staff_notes = notes
    return intake


# AVG ---------------------------------------------------------------------------------------


def _forget_mails(intake):
    """Blank the outbox rows of this request's own mails (not other mail to the address)."""
    rows = OutgoingMail.objects.filter(idempotency_key__startswith="intake-").filter(
        idempotency_key__regex=rf"^intake-[a-z]+:{intake.pk}(:|$)"
    )
    return forget_mails(rows)


def anonymise(intake, *, now=None):
    """Erase the personal data of one request; what stays (status, dates, theme, size band,
    channel, campaign) counts for the desk's figures and says nothing about a person."""
    now = now or timezone.now()
    with transaction.atomic():
        _forget_mails(intake)
        IntakeRequest.objects.filter(pk=intake.pk).update(
            name="",
            email="",
            company="",
            question="",
            phone="",
            staff_notes="",
            # A referred request must name someone (a database check): it keeps a marker.
            referred_to=Case(
                When(status=Status.REFERRED, then=Value(str(_("(gewist)")))),
                default=Value(""),
            ),
            user=None,
            dedupe_key=None,
            consent_text="",
            erased_at=now,
            updated_at=now,
        )
        # The entrepreneur's own name in the history goes too; staff's steps keep their names.
        history = StatusChange.objects.filter(intake=intake)
        # Notes may hold names, dates and whom the entrepreneur was referred to.
        history.update(note="")
        history.filter(actor__isnull=True).update(actor_label="")
        if intake.user_id:
            history.filter(actor_id=intake.user_id).update(actor=None, actor_label="")


def erase_for_member(user):
    """A member deletes their account: their requests keep no personal data."""
    for intake in IntakeRequest.objects.not_erased().filter(user=user):
        anonymise(intake)


def erase_expired(*, now=None):
    """Erase requests of non-members older than INTAKE_RETENTION_DAYS; return how many.

    Safe to run twice: erased requests are skipped. A request with a conversation still ahead
    is kept until it has taken place.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    expired = (
        IntakeRequest.objects.not_erased()
        .filter(user__isnull=True, created_at__lt=cutoff)
        .exclude(status=Status.PLANNED, planned_at__gt=now)
    )
    count = 0
    for intake in expired.iterator():
        anonymise(intake, now=now)
        count += 1
    if count:
        logger.info("Erased %s intake requests of non-members past their retention.", count)
    return count
