"""What happens in a group's sessions: the sessions, attendance, cases, notes and agreed actions.

All of it is confidential to the group, its facilitator and community managers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .groups import IntervisionGroup, Method
from .members import IntervisionParticipant


class IntervisionSession(models.Model):
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    location = models.CharField(_("plek"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online"), blank=True)
    method = models.CharField(
        _("methode"), max_length=10, choices=Method.choices, default=Method.INCIDENT
    )
    # Claimed by the reminder run (events.scheduling.claim_and_send): set once, mailed once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("group"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("location"),
        FieldPanel("online_url"),
        FieldPanel("method"),
    ]

    class Meta:
        verbose_name = _("intervisiesessie")
        verbose_name_plural = _("intervisiesessies")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="intervision_session_ends"
            )
        ]

    def __str__(self):
        return f"{self.group} – {self.starts_at:%d-%m-%Y}"


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        IntervisionParticipant, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("aanwezig"), default=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)
    # The first time this participant was recorded present: ``session_attended`` is sent then,
    # and never again for the same session, however often the list is saved.
    first_present_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.session}"


class IntervisionCase(models.Model):
    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingebracht door"),
        on_delete=models.CASCADE,
        related_name="intervision_cases",
    )
    title = models.CharField(_("titel"), max_length=120)
    body = models.TextField(_("de casus"), max_length=3000)
    created_at = models.DateTimeField(_("ingebracht op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class SessionNote(models.Model):
    """A short shared note of a session, written in the group space by a participant or the
    facilitator; the group, its facilitator and community managers read it, nobody else."""

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="shared_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geschreven door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervision_notes",
    )
    body = models.TextField(_("aantekening"), max_length=1000)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aantekening")
        verbose_name_plural = _("aantekeningen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session} – {self.body[:40]}"


class SessionAction(models.Model):
    """An action agreed in a session: what, who does it, and whether it is done."""

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="agreed_actions",
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervision_actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done = models.BooleanField(_("gedaan"), default=False)
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afgesproken actie")
        verbose_name_plural = _("afgesproken acties")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description
