"""Experiences, the consent rows behind them and the moderation log of each one.

Whether one may be shown is decided by ``testimonials.services``; consent rows are append-only.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from loket.accounts.models import Sector
from loket.accounts.validators import PHOTO_EXTENSIONS, validate_photo_size
from loket.core.fields import region_foreign_key
from loket.core.signed import SignedIdMixin

from .choices import (
    PRIVATE_FEEDBACK_MAX_SCORE,
    Channel,
    DisplayMode,
    Status,
    SubjectKind,
    validate_video_url,
)


def experience_photo_path(instance, filename):
    # A random name: the contributor's name never ends up in a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"ervaringen/{uuid.uuid4().hex}.{extension}"


class ExperienceQuerySet(models.QuerySet):
    def public(self):
        """What the website may show: approved, consented, and not private feedback."""
        return self.filter(is_public=True)

    def for_listing(self):
        return self.public().select_related("theme", "event").order_by("-approved_at", "-pk")

    def of_contributor(self, user):
        return self.filter(Q(contributor=user) | Q(contributor_email__iexact=user.email))


class Experience(SignedIdMixin, index.Indexed, models.Model):
    Status = Status

    site = region_foreign_key(_("De regio waar de ervaring gedeeld is; haar staf modereert hem."))
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    contributor_name = models.CharField(_("naam"), max_length=150)
    contributor_email = models.EmailField(_("e-mailadres"))
    company_name = models.CharField(_("bedrijf"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)

    quote = models.CharField(
        _("citaat"), max_length=280, help_text=_("In één of twee zinnen: wat leverde het je op?")
    )
    story = models.TextField(_("verhaal"), max_length=5000, blank=True)
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    subject_kind = models.CharField(
        _("waarover"), max_length=12, choices=SubjectKind.choices, default=SubjectKind.DESK
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    # Any other subject (an intervision group once it exists): a generic reference plus its
    # name as it was, so the experience still reads well if the subject goes away.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("naam van het onderwerp"), max_length=200, blank=True)

    photo = models.ImageField(
        _("foto"),
        upload_to=experience_photo_path,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_photo_size],
    )
    video_url = models.URLField(
        _("video"), blank=True, validators=[validate_video_url], help_text=_("YouTube of Vimeo.")
    )
    display_mode = models.CharField(
        _("zo tonen we je"), max_length=10, choices=DisplayMode.choices, default=DisplayMode.FULL
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    proposed_quote = models.CharField(
        _("voorgesteld citaat"),
        max_length=280,
        blank=True,
        help_text=_("Een aanpassing door de redactie; telt pas na akkoord van de inzender."),
    )
    staff_note = models.TextField(_("interne notitie"), max_length=2000, blank=True)
    followed_up_at = models.DateTimeField(_("opgevolgd op"), null=True, blank=True)
    is_public = models.BooleanField(_("op de website"), default=False, editable=False)
    # The hash of the personal link it came through: a link is good for one experience.
    link_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    created_at = models.DateTimeField(_("gedeeld op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    objects = ExperienceQuerySet.as_manager()

    # For the site search, which finds only public ones (``is_public``, at query time: the flag
    # changes by ``update()``). Never the name or company: the display mode may hide them.
    search_fields = [index.SearchField("quote", boost=2), index.SearchField("story")]

    TOKEN_SALT = "testimonials.experience"  # noqa: S105 - a signing salt, not a secret

    class Meta:
        verbose_name = _("ervaring")
        verbose_name_plural = _("ervaringen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="testimonials_score_1_10"
            ),
            # Private feedback is never public, whatever else happens to the row.
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(score__gt=PRIVATE_FEEDBACK_MAX_SCORE),
                name="testimonials_low_score_never_public",
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "-approved_at"], name="testimonials_public_idx"),
        ]

    def __str__(self):
        return Truncator(self.quote).chars(60)

    @property
    def is_private_feedback(self):
        return self.score <= PRIVATE_FEEDBACK_MAX_SCORE

    @property
    def has_pending_quote_edit(self):
        return bool(self.proposed_quote)

    @property
    def first_name(self):
        return (self.contributor_name or "").split(" ", 1)[0]

    def byline(self):
        """The name under the quote, as the contributor chose to be shown."""
        if self.display_mode == DisplayMode.FULL:
            return ", ".join(p for p in (self.contributor_name, self.company_name) if p)
        if self.display_mode == DisplayMode.FIRST_NAME:
            sector = self.get_sector_display().lower() if self.sector else ""
            return ", ".join(p for p in (self.first_name, sector) if p)
        return str(_("Een ondernemer"))

    @property
    def shows_photo(self):
        # A photo identifies someone: only shown when they chose to be shown by name.
        return bool(self.photo) and self.display_mode == DisplayMode.FULL

    def subject_title(self):
        if self.event_id:
            return self.event.title
        return self.subject_label

    @cached_property
    def current_consents(self):
        """``{channel: Consent}`` of the channels consented to right now (latest row wins)."""
        latest = {}
        for row in sorted(self.consents.all(), key=lambda c: (c.recorded_at, c.pk)):
            latest[row.channel] = row
        return {ch: row for ch, row in latest.items() if row.action == Consent.Action.GRANTED}


class Consent(models.Model):
    """One consent decision for one channel, with the exact text shown. Never edited or deleted:
    withdrawing adds a row; the latest row per channel is what holds."""

    class Action(models.TextChoices):
        GRANTED = "gegeven", _("Toestemming gegeven")
        WITHDRAWN = "ingetrokken", _("Toestemming ingetrokken")

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="consents"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("besluit"), max_length=12, choices=Action.choices)
    text = models.TextField(_("getoonde tekst"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_action_display()}"


class ModerationLog(models.Model):
    """Every step in the life of an experience: who did what, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "ingediend", _("Gedeeld")
        PRIVATE = "prive", _("Als privé-feedback naar het loket")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        QUESTION = "vraag", _("Vraag gesteld")
        ANSWERED = "antwoord", _("Vraag beantwoord")
        REJECTED = "afgewezen", _("Afgewezen")
        QUOTE_PROPOSED = "citaat_voorstel", _("Aangepast citaat voorgesteld")
        QUOTE_ACCEPTED = "citaat_akkoord", _("Aangepast citaat goedgekeurd door inzender")
        QUOTE_DECLINED = "citaat_nee", _("Aangepast citaat afgewezen door inzender")
        CONSENT_GRANTED = "toestemming", _("Toestemming gegeven")
        CONSENT_WITHDRAWN = "ingetrokken", _("Toestemming ingetrokken")
        CASE_UNPUBLISHED = "case_offline", _("Case offline gehaald")
        FOLLOWED_UP = "opgevolgd", _("Opgevolgd door het loket")
        ANONYMISED = "geanonimiseerd", _("Losgekoppeld van het account")

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="log"
    )
    action = models.CharField(_("stap"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("door (naam)"), max_length=150, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderatiestap")
        verbose_name_plural = _("moderatielog")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor_label}"
