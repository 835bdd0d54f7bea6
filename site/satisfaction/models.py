"""One rating per contact: the question asked after an intake, speedconsult, handover, meetup or
intervision session, and the one answer to it (rapportcijfer, CES, resolved, a sentence).

The question and its answer share a row: a contact has one ``contact_key`` (unique), so asking
twice asks once, and the answer fields stay empty until the entrepreneur answers, which they do
once (``answered_at``). Response rate is answered rows over all rows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from loket.core.signed import SignedIdMixin

SCORE_MIN, SCORE_MAX = 1, 10
CES_MIN, CES_MAX = 1, 5
# A rapportcijfer at or below this alerts the responsible staff member and is never public.
ALERT_MAX_SCORE = 5
# At or above this, with a sentence, the entrepreneur is asked whether it may go on the site.
EXPERIENCE_MIN_SCORE = 8
SENTENCE_MAX_LENGTH = 300


class ContactKind(models.TextChoices):
    INTAKE = "intake", _("Intakegesprek")
    SPEEDCONSULT = "speedconsult", _("Speedconsult")
    HANDOVER = "overdracht", _("Warme overdracht")
    MEETUP = "bijeenkomst", _("Bijeenkomst")
    INTERVISION = "intervisie", _("Intervisiesessie")


class Resolved(models.TextChoices):
    YES = "ja", _("Ja")
    PARTLY = "deels", _("Deels")
    NO = "nee", _("Nee")


class RatingQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def open(self):
        return self.filter(answered_at__isnull=True)


class Rating(SignedIdMixin, models.Model):
    TOKEN_SALT = "satisfaction.rating"  # noqa: S105 - a signing salt, not a secret

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort contact"), max_length=12, choices=ContactKind.choices)
    contact_key = models.CharField(_("contact"), max_length=120, unique=True)
    contact_label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    contact_at = models.DateTimeField(_("contact op"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adviser = models.CharField(_("adviseur of partner"), max_length=150, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verantwoordelijk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True, db_index=True)
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    ces = models.PositiveSmallIntegerField(
        _("moeite (CES)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(CES_MIN), MaxValueValidator(CES_MAX)],
    )
    resolved = models.CharField(
        _("vraag opgelost"), max_length=5, choices=Resolved.choices, blank=True
    )
    sentence = models.CharField(_("in één zin"), max_length=SENTENCE_MAX_LENGTH, blank=True)
    alerted_at = models.DateTimeField(_("gesignaleerd op"), null=True, blank=True)
    experience_offered_at = models.DateTimeField(
        _("als ervaring aangeboden op"), null=True, blank=True
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("tevredenheidsvraag")
        verbose_name_plural = _("tevredenheidsvragen")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_dashboard", _("Kan de tevredenheid bekijken"))]
        indexes = [models.Index(fields=["site", "contact_at"], name="satisfaction_site_contact")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="satisfaction_score_1_10",
            ),
            models.CheckConstraint(
                condition=Q(ces__isnull=True) | Q(ces__gte=CES_MIN, ces__lte=CES_MAX),
                name="satisfaction_ces_1_5",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(score__isnull=False, ces__isnull=False) & ~Q(resolved=""),
                name="satisfaction_answer_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.contact_label or self.contact_key}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def first_name(self):
        if self.user_id and self.user.first_name:
            return self.user.first_name
        return (self.name or "").split(" ", 1)[0]

    def url(self):
        from django.urls import reverse

        base = self.site.root_url if self.site_id else settings.SITE_URL  # the region's host
        return base.rstrip("/") + reverse("satisfaction:rate", args=[self.token])


@register_setting(icon="pick")
class SatisfactionSettings(BaseSiteSetting):
    """The region's targets, drawn as a line in the Tevredenheid charts."""

    target_score = models.DecimalField(
        _("doel rapportcijfer"),
        max_digits=3,
        decimal_places=1,
        default=8,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("Het gemiddelde rapportcijfer dat de regio nastreeft (1–10)."),
    )
    target_resolved = models.PositiveSmallIntegerField(
        _("doel opgelost (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_("Het deel van de vragen dat volgens de ondernemer is opgelost."),
    )

    panels = [FieldPanel("target_score"), FieldPanel("target_resolved")]

    class Meta:
        verbose_name = _("tevredenheid")
