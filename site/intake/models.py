"""Intake requests ("Vraag een gratis intakegesprek aan") and the history of their handling.

A request goes nieuw → ingepland → gehouden → doorverwezen; only ``loket.intake.services``
changes the status (it checks the step and writes a history row). The database refuses a
status without the facts it stands for: a planned request has a date, a held one the time it
was held, a referred one the name of whom it was handed over to.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize

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
