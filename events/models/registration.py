"""Who comes to an event: registrations, invitations, messages to attendees and feedback.
The page is referred to by name ("events.EventPage"): the page module imports this one."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.signed import SignedIdMixin

# ``Registration.cancel_reason`` when the organiser removed someone (their credits go back).
CANCELLED_BY_STAFF = "door organisatie"

# How long a seat offered from the waiting list is held.
OFFER_HOLD = timedelta(hours=48)


class Registration(SignedIdMixin, models.Model):
    """One person's registration (with colleagues, counted together) for one event.

    Arrival order is ``(created_at, id)``: both are written inside the transaction that holds the
    event's row lock, so they follow the order in which registrations got their turn.
    """

    class Status(models.TextChoices):
        CONFIRMED = "bevestigd", _("Bevestigd")
        WAITING = "wachtlijst", _("Wachtlijst")
        OFFERED = "aangeboden", _("Plek aangeboden")
        CANCELLED = "geannuleerd", _("Afgemeld")

    class Source(models.TextChoices):
        MEMBER = "lid", _("Lid, met één klik")
        VISITOR = "bezoeker", _("Bezoeker, met formulier")
        STAFF = "beheer", _("Toegevoegd door de organisatie")
        INVITE = "uitnodiging", _("Via een uitnodiging")

    # Statuses that occupy seats: an offered seat is held until the offer expires.
    HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITING)

    TOKEN_SALT = "events.registration"  # noqa: S105 - a signing salt, not a secret

    # A registration is not content that "uses" the event page; keeping it out of Wagtail's
    # reference index also keeps a write out of the locked section of every registration.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    seats = models.PositiveSmallIntegerField(_("plaatsen"), default=1)
    colleagues = models.JSONField(
        _("collega's"),
        default=list,
        blank=True,
        help_text=_("Namen (en eventueel e-mailadressen) van meegebrachte collega's."),
    )
    answer = models.TextField(_("antwoord op de vraag"), max_length=1000, blank=True)
    source = models.CharField(
        _("aangemeld via"), max_length=12, choices=Source.choices, default=Source.MEMBER
    )
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden van afmelden"), max_length=40, blank=True)
    # What was spent from the credits ledger for this registration (reference registratie:<pk>);
    # the ledger stays the truth, this says how the seat was paid without a ledger query.
    paid_credits = models.PositiveIntegerField(_("betaald met credits"), default=0)
    checked_in_at = models.DateTimeField(_("aanwezig sinds"), null=True, blank=True)
    reminder_week_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="geannuleerd"),
                name="events_one_active_registration_per_user",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="events_registration_at_least_one_seat"
            ),
            models.CheckConstraint(
                condition=~Q(status="aangeboden") | Q(offer_expires_at__isnull=False),
                name="events_offer_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_reg_event_status_idx")]

    def __str__(self):
        return f"{self.user} · {self.event}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def colleague_names(self):
        return [c.get("name", "") for c in self.colleagues if isinstance(c, dict)]

    @property
    def colleagues_text(self):
        return ", ".join(self.colleague_names)

    @property
    def credits_reference(self):
        """The ledger reference of the credits spent on this registration."""
        return f"registratie:{self.pk}"

    def credits_refundable(self, now=None):
        """Would the member cancelling now get the paid credits back? Only before the deadline."""
        now = now or timezone.now()
        return bool(self.paid_credits) and now < self.event.credits_refund_deadline

    @property
    def credits_refund_due(self):
        """Paid credits go back when the event is cancelled, the organiser removed the
        registration, or the member cancelled before the event's refund deadline."""
        if not self.paid_credits:
            return False
        if self.status != self.Status.CANCELLED and not self.event.cancelled:
            return False
        return (
            self.event.cancelled
            or self.cancel_reason == CANCELLED_BY_STAFF
            or (
                self.cancelled_at is not None
                and self.cancelled_at < self.event.credits_refund_deadline
            )
        )

    @property
    def offer_is_open(self):
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at > timezone.now()
        )

    def cancel_url(self):
        return self.event.full_url_for("cancel", token=self.token)

    def offer_url(self):
        return self.event.full_url_for("offer", token=self.token)

    def leave_url(self):
        return self.event.full_url_for("leave_waiting_list", token=self.token)

    def feedback_url(self):
        return self.event.full_url_for("feedback", token=self.token)

    def qr_image_url(self):
        return self.event.full_url_for("qr", token=self.token)

    def check_in_url(self):
        """Where scanning the QR code of the confirmation mail takes the organiser's phone."""
        path = reverse("events_admin:scan", args=[self.event_id, self.token])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class Invitation(SignedIdMixin, models.Model):
    """A member's personal invitation of a contact ("neem een collega-ondernemer mee")."""

    TOKEN_SALT = "events.invitation"  # noqa: S105 - a signing salt, not a secret
    MAX_PER_MEMBER_PER_EVENT = 10

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    email = models.EmailField(_("e-mailadres"))
    note = models.TextField(_("persoonlijke noot"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("aanmelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "inviter", "email"], name="events_one_invitation_per_contact"
            )
        ]

    def __str__(self):
        return f"{self.inviter} → {self.email}"

    @classmethod
    def from_token(cls, token):
        pk = cls.pk_from_token(token)
        if pk is None:
            return None
        return cls.objects.filter(pk=pk).select_related("inviter").first()

    def url(self):
        return f"{self.event.get_full_url()}?uitnodiging={self.token}#aanmelden"


class AttendeeMessage(models.Model):
    """A message from the organiser to everyone with a seat, kept for the record."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    subject = models.CharField(_("onderwerp"), max_length=150)
    body = models.TextField(_("bericht"), max_length=3000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("aantal ontvangers"), default=0)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("bericht aan deelnemers")
        verbose_name_plural = _("berichten aan deelnemers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Feedback(models.Model):
    """How it was, in the attendee's words: the short form of the follow-up mail."""

    class Progress(models.TextChoices):
        YES = "ja", _("Ja")
        A_BIT = "beetje", _("Een beetje")
        NO = "nee", _("Nee")

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("aanmelding"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    progressed = models.CharField(
        _("kwam je een stap verder?"), max_length=6, choices=Progress.choices
    )
    effort = models.PositiveSmallIntegerField(
        _("hoe makkelijk was het (1 = heel moeilijk, 5 = heel makkelijk)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    sentence = models.CharField(_("in één zin"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ervaring na afloop")
        verbose_name_plural = _("ervaringen na afloop")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="events_feedback_score_1_10"
            ),
            models.CheckConstraint(
                condition=Q(effort__gte=1, effort__lte=5), name="events_feedback_effort_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.registration} · {self.score}"
