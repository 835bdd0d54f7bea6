"""The outbox: every mail is a row first and is delivered by a task, plus one-click opt-outs."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    TRANSACTIONAL = "transactional", _("Transactioneel")
    BULK = "bulk", _("Mailing")


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")

    Category = Category

    to = models.EmailField(_("aan"))
    from_email = models.CharField(_("van"), max_length=254)
    reply_to = models.CharField(_("antwoord naar"), max_length=254, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=255)
    html = models.TextField(_("HTML"))
    text = models.TextField(_("platte tekst"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    template = models.CharField(_("sjabloon"), max_length=100)
    category = models.CharField(
        _("soort"), max_length=20, choices=Category.choices, default=Category.TRANSACTIONAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    idempotency_key = models.CharField(_("idempotentiesleutel"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)

    class Meta:
        verbose_name = _("uitgaande mail")
        verbose_name_plural = _("uitgaande mails")
        ordering = ["-created_at", "-pk"]
        # Staff may look, never write: the outbox is filled and emptied by code only.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mail_outbox_due_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class MailOptOut(models.Model):
    """An address that asked, with one click, to receive no more mail of a category."""

    email = models.EmailField(_("e-mailadres"))
    category = models.CharField(_("soort"), max_length=20, choices=Category.choices)
    created_at = models.DateTimeField(_("afgemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afmelding")
        verbose_name_plural = _("afmeldingen")
        constraints = [
            models.UniqueConstraint(fields=["email", "category"], name="mail_optout_unique"),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_category_display()})"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


def normalise_email(email):
    return (email or "").strip().lower()
