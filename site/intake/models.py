"""Intake requests ("Vraag een gratis intakegesprek aan") and the history of their handling,
and the conversations entrepreneurs book themselves: advisers, weekly spreekuren, slots, bookings.

A request goes nieuw → ingepland → gehouden → doorverwezen (or, once planned, niet verschenen or
geannuleerd); only ``loket.intake.services`` changes the status (it checks the step and writes a
history row). The database refuses a status without the facts it stands for: a planned request
has a date, a held one the time it was held, a referred one the name of whom it was handed over
to. A booked slot is a planned request with a ``Booking``; a slot has at most one active booking.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize
from loket.core.signed import SignedIdMixin

QUESTION_MAX_LENGTH = 1500


class Channel(models.TextChoices):
    VISIT = "bezoek", _("Bezoek")
    PHONE = "telefoon", _("Telefoon")
    VIDEO = "video", _("Video")


class Status(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    PLANNED = "ingepland", _("Ingepland")
    HELD = "gehouden", _("Gehouden")
    REFERRED = "doorverwezen", _("Doorverwezen")
    NO_SHOW = "afwezig", _("Niet verschenen")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Kind(models.TextChoices):
    """What kind of conversation: the free intake or a quick question to an expert."""

    INTAKE = "intake", _("Intakegesprek")
    SPEEDCONSULT = "speedconsult", _("Speedconsult")


# Minutes a conversation of each kind takes: an intake 45, a speedconsult 15 to 20.
KIND_MINUTES = {Kind.INTAKE: (45, 45), Kind.SPEEDCONSULT: (15, 20)}


class IntakeRequestQuerySet(models.QuerySet):
    def of_member(self, user):
        """The member's own requests: made while logged in or linked to them since."""
        return self.filter(user=user)

    def not_erased(self):
        return self.filter(erased_at__isnull=True)


class IntakeRequest(models.Model):
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    company = models.CharField(_("bedrijf"), max_length=150, blank=True)
    company_size = models.CharField(
        _("aantal medewerkers"), max_length=5, choices=CompanySize.choices, blank=True
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_requests",
    )
    question = models.TextField(_("vraag"), max_length=QUESTION_MAX_LENGTH)
    channel = models.CharField(_("voorkeur"), max_length=10, choices=Channel.choices)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_requests",
        help_text=_("Het lid dat het gesprek aanvroeg, of later met hetzelfde adres lid werd."),
    )
    kind = models.CharField(
        _("soort gesprek"), max_length=12, choices=Kind.choices, default=Kind.INTAKE
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De regio (site) waar de aanvraag of boeking binnenkwam."),
    )
    campaign = models.CharField(
        _("campagne"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("De campagne (utm_campaign) waarlangs de aanvraag binnenkwam."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    planned_at = models.DateTimeField(_("ingepland op"), null=True, blank=True)
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    referred_to = models.CharField(
        _("doorverwezen naar"),
        max_length=200,
        blank=True,
        help_text=_("Naam van de persoon of organisatie die de ondernemer verder helpt."),
    )
    staff_notes = models.TextField(_("notities van het loket"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_text = models.CharField(_("akkoord gegeven op tekst"), max_length=255, blank=True)
    consented_at = models.DateTimeField(_("akkoord gegeven op"), null=True, blank=True)
    # A member may let the adviser see their fitheidscan with this conversation: the consent
    # with its text and time; without it nobody at the desk sees their answers.
    scan_share_text = models.CharField(
        _("akkoord fitheidscan delen (tekst)"), max_length=255, blank=True
    )
    scan_shared_at = models.DateTimeField(_("akkoord fitheidscan delen op"), null=True, blank=True)
    # A hash of address, question and a ten-minute window: a double submit that races past the
    # lookup still stores one request (see services.request_intake).
    dedupe_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True)

    objects = IntakeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("intakeaanvraag")
        verbose_name_plural = _("intakeaanvragen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PLANNED) | Q(planned_at__isnull=False),
                name="intake_planned_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.HELD) | Q(held_at__isnull=False),
                name="intake_held_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REFERRED) | ~Q(referred_to=""),
                name="intake_referred_has_name",
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return str(_("Aanvraag %(n)s (gewist)") % {"n": self.pk})
        company = f" ({self.company})" if self.company else ""
        return f"{self.name}{company}"

    @property
    def first_name(self):
        return (self.name or "").split(" ", 1)[0]


class StatusChange(models.Model):
    """One step in the handling of a request: who moved it, when, from what to what."""

    intake = models.ForeignKey(
        IntakeRequest,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(_("van"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("door (naam)"), max_length=150, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


# Booking a conversation: advisers, their availability, the slots and the bookings -------------


class AdviserRole(models.TextChoices):
    DESK = "loket", _("Adviseur van het loket")
    VETERAN = "oud", _("Oud-ondernemer (vrijwilliger)")


class Adviser(models.Model):
    """Someone the entrepreneur can book: desk staff or a volunteer experienced entrepreneur."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(
        _("rol"), max_length=6, choices=AdviserRole.choices, default=AdviserRole.DESK
    )
    intro = models.CharField(
        _("korte introductie"),
        max_length=300,
        blank=True,
        help_text=_("Eén of twee zinnen die de ondernemer bij het kiezen ziet."),
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), related_name="advisers", blank=True
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("adviseur")
        verbose_name_plural = _("adviseurs")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class SlotFormat(models.TextChoices):
    """How the conversation is held; the values are the intake request's channels."""

    VISIT = Channel.VISIT.value, _("Op locatie")
    PHONE = Channel.PHONE.value, _("Telefonisch")
    VIDEO = Channel.VIDEO.value, _("Video")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class SlotShape(models.Model):
    """What slots and weekly availability share: who, what kind, how long, how and where."""

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviseur"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("soort gesprek"), max_length=12, choices=Kind.choices, default=Kind.INTAKE
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"),
        default=45,
        help_text=_("Een intakegesprek duurt 45 minuten, een speedconsult 15 tot 20."),
    )
    format = models.CharField(
        _("vorm"), max_length=10, choices=SlotFormat.choices, default=SlotFormat.VISIT
    )
    location = models.CharField(
        _("plaats"),
        max_length=200,
        blank=True,
        help_text=_("Bij een gesprek op locatie: waar (bijvoorbeeld het adres van het loket)."),
    )

    class Meta:
        abstract = True

    def clean(self):
        from django.core.exceptions import ValidationError

        low, high = KIND_MINUTES[Kind(self.kind)]
        if not low <= (self.duration_minutes or 0) <= high:
            raise ValidationError(
                {
                    "duration_minutes": _("Een %(kind)s duurt %(low)s tot %(high)s minuten.")
                    % {"kind": Kind(self.kind).label.lower(), "low": low, "high": high}
                    if low != high
                    else _("Een %(kind)s duurt %(low)s minuten.")
                    % {"kind": Kind(self.kind).label.lower(), "low": low}
                }
            )


class WeeklyAvailability(SlotShape):
    """A weekly "spreekuur": every chosen weekday, ``slot_count`` slots one after the other.
    ``loket.intake.services.booking.materialise_slots`` turns it into slots for the coming weeks."""

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviseur"), on_delete=models.CASCADE, related_name="weekly"
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    start_time = models.TimeField(_("begintijd"))
    slot_count = models.PositiveSmallIntegerField(
        _("aantal gesprekken na elkaar"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    first_day = models.DateField(_("vanaf"), default=timezone.localdate)
    last_day = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("vast spreekuur")
        verbose_name_plural = _("vaste spreekuren")
        ordering = ["weekday", "start_time", "pk"]

    def __str__(self):
        return _("%(adviser)s, elke %(day)s om %(time)s") % {
            "adviser": self.adviser.name,
            "day": self.get_weekday_display(),
            "time": self.start_time.strftime("%H:%M"),
        }


class SlotQuerySet(models.QuerySet):
    def free(self, now=None):
        """Open slots ahead without an active booking."""
        active = Booking.objects.filter(slot=OuterRef("pk"), released_at__isnull=True)
        return self.filter(
            ~Exists(active),
            withdrawn=False,
            adviser__active=True,
            starts_at__gt=now or timezone.now(),
        )


class Slot(SlotShape):
    """One moment an adviser can be booked; at most one active booking (a database rule)."""

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviseur"), on_delete=models.CASCADE, related_name="slots"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("begint om"), db_index=True)
    availability = models.ForeignKey(
        WeeklyAvailability,
        verbose_name=_("spreekuur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slots",
    )
    withdrawn = models.BooleanField(
        _("ingetrokken"), default=False, help_text=_("Niet meer te boeken (al geboekt blijft).")
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("moment")
        verbose_name_plural = _("momenten")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["adviser", "starts_at"], name="intake_slot_once")
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{local:%d-%m-%Y %H:%M} · {self.adviser.name} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.adviser_id:
            self.site_id = self.adviser.site_id
        super().save(*args, **kwargs)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Booking(SignedIdMixin, models.Model):
    """A slot booked for an intake request. The personal data live on the request (and are
    erased with it); a cancelled booking is released and frees the slot for others."""

    TOKEN_SALT = "loket.intake.booking"  # noqa: S105 - a signing salt, not a secret

    intake = models.OneToOneField(
        IntakeRequest, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="booking"
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("moment"), on_delete=models.PROTECT, related_name="bookings"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("geboekt op"), default=timezone.now)
    released_at = models.DateTimeField(_("vrijgegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("geboekt gesprek")
        verbose_name_plural = _("geboekte gesprekken")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(released_at__isnull=True),
                name="intake_slot_booked_once",
            )
        ]

    def __str__(self):
        return f"{self.intake} · {self.slot}"

    @property
    def status_label(self):
        if self.released_at is not None:
            return _("Geannuleerd")
        return self.intake.get_status_display()
