"""What a scan was taken with and what came out: frozen versions of the questions, and results.

A result points at the ``ScanVersion`` it was taken with, a snapshot of the questions, answers
and advice as published then; an editor changing a question later makes a new version and never
changes what an earlier result says.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.signed import SignedIdMixin

from ..choices import Phase


class ScanVersion(models.Model):
    page = models.ForeignKey(
        "scan.ScanPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="versions",
        verbose_name=_("scan"),
    )
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("vragen en advies"))
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("versie van de fitheidscan")
        verbose_name_plural = _("versies van de fitheidscan")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="scan_version_number_unique"),
        ]

    def __str__(self):
        return f"{self.page} v{self.number}"

    @property
    def questions(self):
        return self.content.get("questions", [])

    @property
    def theme_questions(self):
        return [q for q in self.questions if q["kind"] == "theme"]

    @property
    def phase_question(self):
        return next((q for q in self.questions if q["kind"] == "phase"), None)


class ScanResult(SignedIdMixin, models.Model):
    TOKEN_SALT = "scan.result"  # noqa: S105 - a signing salt, not a secret

    version = models.ForeignKey(
        ScanVersion, on_delete=models.PROTECT, related_name="results", verbose_name=_("versie")
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scan_results",
        verbose_name=_("lid"),
    )
    # {question id: option id}, ids of the version's snapshot.
    answers = models.JSONField(_("antwoorden"))
    # {theme id (text): score 0-100}
    scores = models.JSONField(_("scores per thema"))
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, blank=True)
    created_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True, db_index=True)
    saved_at = models.DateTimeField(_("bewaard op"), null=True, blank=True)
    profile_consent_at = models.DateTimeField(
        _("toestemming voor profiel op"), null=True, blank=True
    )
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("resultaat van de fitheidscan")
        verbose_name_plural = _("resultaten van de fitheidscan")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_scan_figures", "Cijfers van de fitheidscan bekijken")]
        indexes = [models.Index(fields=["site", "created_at"], name="scan_result_site_idx")]

    def __str__(self):
        return f"{self.version} {self.created_at:%Y-%m-%d}"

    @property
    def average(self) -> int:
        values = list(self.scores.values())
        return round(sum(values) / len(values)) if values else 0
