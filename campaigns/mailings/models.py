"""A mailing (subject, blocks, audience, schedule) and one recipient row per member it goes to.

The audience is stored as criteria on the mailing and turned into members by
``campaigns.mailings.segments``; mailing consent is always required. Sending freezes the
rendered body on the mailing and creates the recipient rows, which the batch tasks work through.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from loket.core.fields import region_foreign_key

from .blocks import MailingStreamBlock
from .forms import MailingAdminForm


class MailingStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SCHEDULED = "ingepland", _("Ingepland")
    SENDING = "bezig", _("Bezig met verzenden")
    SENT = "verzonden", _("Verzonden")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Attendance(models.TextChoices):
    ANY = "", _("Maakt niet uit")
    ATTENDED = "aanwezig", _("Was aanwezig")
    NO_SHOW = "niet_gekomen", _("Aangemeld, maar niet gekomen")
    NOT_ATTENDED = "niet_aanwezig", _("Was niet aanwezig")


class Mailing(models.Model):
    Status = MailingStatus
    # Staff may change the text and the audience until sending starts.
    EDITABLE = (MailingStatus.CONCEPT, MailingStatus.SCHEDULED)

    site = region_foreign_key(
        _("De regio die de mailing stuurt: alleen haar leden ontvangen hem. Leeg: landelijk.")
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campagne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
        help_text=_("De campagnecode komt als utm_campaign in elke link naar de site."),
    )
    subject = models.CharField(
        _("onderwerp"),
        max_length=150,
        help_text=_("Kort en persoonlijk. [voornaam] en [bedrijfsnaam] worden ingevuld."),
    )
    preheader = models.CharField(
        _("voorvertoning"),
        max_length=200,
        blank=True,
        help_text=_("De regel die de ontvanger naast het onderwerp ziet, vóór het openen."),
    )
    body = StreamField(MailingStreamBlock(), verbose_name=_("inhoud"))

    # Audience. Empty criteria mean "everyone"; consent for mailings is always required.
    themes = models.ManyToManyField(
        "themes.Theme",
        verbose_name=_("thema's"),
        blank=True,
        related_name="+",
        help_text=_("Leden die minstens één van deze thema's volgen. Leeg: alle thema's."),
    )
    provinces = models.JSONField(_("provincies"), default=list, blank=True)
    size_bands = models.JSONField(_("bedrijfsgrootte"), default=list, blank=True)
    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Alleen leden van deze community."),
    )
    attendance = models.CharField(
        _("aanwezigheid"), max_length=20, choices=Attendance.choices, default="", blank=True
    )
    attendance_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bij de bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance_from = models.DateField(_("of bij een bijeenkomst vanaf"), null=True, blank=True)
    attendance_until = models.DateField(_("tot en met"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MailingStatus.choices,
        default=MailingStatus.CONCEPT,
        editable=False,
        db_index=True,
    )
    scheduled_at = models.DateTimeField(_("verzenden op"), null=True, blank=True, editable=False)
    note = models.CharField(_("toelichting"), max_length=255, blank=True, editable=False)

    # Frozen when sending starts: every recipient gets the body as it was then.
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_text = models.TextField(blank=True, editable=False)

    # Recounted from the recipient rows after every batch, never incremented.
    recipient_count = models.PositiveIntegerField(_("ontvangers"), default=0, editable=False)
    sent_count = models.PositiveIntegerField(_("verstuurd"), default=0, editable=False)
    skipped_count = models.PositiveIntegerField(_("overgeslagen"), default=0, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    started_at = models.DateTimeField(
        _("verzenden begonnen"), null=True, blank=True, editable=False
    )
    progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("verzonden op"), null=True, blank=True, editable=False)

    base_form_class = MailingAdminForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site"),
                FieldPanel("campaign"),
                FieldPanel("subject"),
                FieldPanel("preheader"),
            ],
            heading=_("Mailing"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldRowPanel([FieldPanel("provinces"), FieldPanel("size_bands")]),
                FieldPanel("community"),
                FieldPanel("attendance"),
                FieldPanel("attendance_event"),
                FieldRowPanel([FieldPanel("attendance_from"), FieldPanel("attendance_until")]),
            ],
            heading=_("Doelgroep"),
            help_text=_(
                "Alleen actieve, bevestigde leden die toestemming gaven voor mailings. "
                "Het aantal ontvangers zie je bij 'Verzenden'."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="mailings_due_idx")]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def utm_campaign(self):
        if self.campaign_id and self.campaign and self.campaign.code:
            return self.campaign.code
        return f"mailing-{self.pk}"

    @property
    def progress_label(self):
        if self.status in (MailingStatus.CONCEPT, MailingStatus.SCHEDULED):
            return "—"
        return f"{self.sent_count} / {self.recipient_count}"


class MailingRecipient(models.Model):
    """One member a mailing goes to; the batches move it from waiting to sent or skipped."""

    class Status(models.TextChoices):
        PENDING = "wacht", _("Wacht")
        SENT = "verstuurd", _("Verstuurd")
        SKIPPED = "overgeslagen", _("Overgeslagen")

    class SkipReason(models.TextChoices):
        NONE = "", ""
        OPTED_OUT = "afgemeld", _("Afgemeld voor mailings")
        NO_CONSENT = "geen_toestemming", _("Geen toestemming meer")
        INACTIVE = "inactief", _("Account niet meer actief")

    # A recipient row is bookkeeping of a send, not content that uses the member.
    wagtail_reference_index_ignore = True

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailings_received"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    outgoing_mail = models.ForeignKey(
        "mail.OutgoingMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "user"], name="mailings_one_row_per_member")
        ]
        indexes = [models.Index(fields=["mailing", "status"], name="mailings_recipient_status_idx")]

    def __str__(self):
        return f"{self.mailing_id} → {self.user_id}"
