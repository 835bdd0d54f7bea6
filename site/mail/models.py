"""The outbox: every mail is a row first and is delivered by a task, plus one-click opt-outs.

A row goes ``queued`` -> ``sending`` (committed, with its Message-ID, before SMTP is spoken to)
-> ``sent``; see ``loket.mail.services`` for what is guaranteed when a worker dies in between.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
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
        # Not sent on purpose: the address opted out of mailings, or was erased, before delivery;
        # or a mailing whose send was cut off and may have arrived (``note`` says which).
        SKIPPED = "skipped", _("Overgeslagen")

    Category = Category

    to = models.EmailField(_("aan"))
    from_email = models.CharField(_("van"), max_length=254)
    reply_to = models.CharField(_("antwoord naar"), max_length=254, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=255)
    html = models.TextField(_("HTML"))
    text = models.TextField(_("platte tekst"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    # [{"filename", "mimetype", "content" (base64)}]: small files made for this mail (an .ics).
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)
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
    # Set when the row is marked sending, before SMTP: the relay's log can be searched for it.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # Why a row was skipped or sent again, in words for staff.
    note = models.CharField(_("toelichting"), max_length=255, blank=True)

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

    @property
    def holds_login_link(self):
        """Account mails (verification, password reset) carry a link that logs the reader in."""
        return self.template.startswith("accounts_")


class MailOptOutQuerySet(models.QuerySet):
    def for_address(self, email):
        """The opt-outs of ``email``, also those recorded under a previous ``SECRET_KEY``."""
        return self.filter(address_hash__in=address_hashes(email))


class MailOptOut(models.Model):
    """An address that asked, with one click, to receive no more mail of a category.

    Only a keyed hash of the address is stored: an opt-out must outlive the member's account
    (AVG erasure included), and a hash keeps the wish without keeping the address.
    """

    address_hash = models.CharField(_("adres-hash"), max_length=64, editable=False)
    category = models.CharField(_("soort"), max_length=20, choices=Category.choices)
    created_at = models.DateTimeField(_("afgemeld op"), auto_now_add=True)

    objects = MailOptOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("afmelding")
        verbose_name_plural = _("afmeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["address_hash", "category"], name="mail_optout_hash_unique"
            ),
        ]

    def __str__(self):
        return f"{self.address_hash[:12]}… ({self.get_category_display()})"


def normalise_email(email):
    return (email or "").strip().lower()


# The purpose string keeps these hashes apart from every other use of SECRET_KEY. Changing it (or
# the normalisation) orphans every stored opt-out: migration 0002 holds a frozen copy.
ADDRESS_HASH_PURPOSE = "loket.mail.opt-out-address"


def address_hash(email, secret=None):
    """HMAC-SHA256 of the normalised address, keyed with ``SECRET_KEY`` (or ``secret``)."""
    return salted_hmac(
        ADDRESS_HASH_PURPOSE, normalise_email(email), secret=secret, algorithm="sha256"
    ).hexdigest()


def address_hashes(email):
    """The hash under the current key and under each of ``SECRET_KEY_FALLBACKS``.

    Rotating the key must not forget who opted out: an old hash keeps matching for as long as
    its key stays in the fallbacks.
    """
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [address_hash(email, secret) for secret in secrets]
