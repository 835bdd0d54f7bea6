"""Who takes part in intervision: applications waiting for a round and the participants placed.

Both are plain models, changed only through ``community.intervision.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize, Province, Sector
from loket.core.fields import region_foreign_key

from .groups import IntervisionGroup


class ExperienceDisplay(models.TextChoices):
    # The same values as the testimonials app's display modes, which reads them.
    FULL = "volledig", _("Met mijn volledige naam en bedrijf")
    FIRST_NAME = "voornaam", _("Met mijn voornaam en sector")
    ANONYMOUS = "anoniem", _("Anoniem")


class ApplicationStatus(models.TextChoices):
    WAITING = "wacht", _("Wacht op matching")
    PLACED = "geplaatst", _("Geplaatst")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class IntervisionApplication(models.Model):
    site = region_foreign_key(_("De regio waar de ondernemer zich aanmeldde."))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondernemer"),
        on_delete=models.CASCADE,
        related_name="intervision_applications",
    )
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("gekozen groep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text=_("Leeg: match mij met een passende groep."),
    )
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    size_band = models.CharField(_("aantal medewerkers"), max_length=5, choices=CompanySize.choices)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    municipality = models.CharField(_("gemeente"), max_length=100)
    company_name = models.CharField(_("bedrijfsnaam"), max_length=150, blank=True)
    question = models.TextField(_("je vraag"), max_length=1500)
    availability = models.JSONField(_("beschikbaarheid"), default=list)
    avoid_companies = models.TextField(_("liever niet in een groep met"), blank=True)
    consent_text = models.TextField(_("toestemmingstekst"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.WAITING,
    )
    last_reason = models.CharField(_("laatste uitkomst"), max_length=300, blank=True)
    rounds = models.PositiveSmallIntegerField(_("matchingrondes"), default=0)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding voor intervisie")
        verbose_name_plural = _("aanmeldingen voor intervisie")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="wacht"),
                name="one_waiting_intervision_application",
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.theme}"

    @property
    def avoid_list(self):
        return [line.strip() for line in self.avoid_companies.splitlines() if line.strip()]


class IntervisionParticipant(models.Model):
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="intervision_participations",
    )
    application = models.ForeignKey(
        IntervisionApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    explanation = models.CharField(_("waarom deze groep"), max_length=300, blank=True)
    joined_at = models.DateTimeField(_("deelnemer sinds"), auto_now_add=True)
    left_at = models.DateTimeField(_("vertrokken op"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("waardering"), null=True, blank=True)
    experience = models.TextField(_("ervaring"), max_length=2000, blank=True)
    # Consent to use the experience outside the group, recorded with its text when rating.
    experience_consent_text = models.TextField(_("toestemmingstekst ervaring"), blank=True)
    experience_consent_at = models.DateTimeField(
        _("toestemming ervaring gegeven op"), null=True, blank=True
    )
    experience_display = models.CharField(
        _("zo tonen we de deelnemer"),
        max_length=10,
        choices=ExperienceDisplay.choices,
        default=ExperienceDisplay.ANONYMOUS,
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="one_intervision_seat")
        ]

    def __str__(self):
        return f"{self.member} in {self.group}"

    @property
    def is_active(self):
        return self.left_at is None
