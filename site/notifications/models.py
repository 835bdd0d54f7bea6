"""A member's notifications (``/account/meldingen/``) and how they want mail about each kind.

A notification is a row per member and thing that happened, with a key that makes it unique, so
a retried task never notifies twice. Title, text and link are written when it is made: the list
and the header count read one table and never the apps the notifications are about.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    THREAD_REPLY = "thread_reply", _("Een reactie op mijn discussie")
    FOLLOWED_REPLY = "followed_reply", _("Een reactie in een discussie die ik volg")
    HELPFUL_ANSWER = "helpful_answer", _("Mijn antwoord is gekozen als nuttigste")
    PROPOSAL_EVENT = "proposal_event", _("Een onderwerp waarop ik stemde, wordt een bijeenkomst")
    WAITING_LIST_OFFER = "waiting_list_offer", _("Er is een plek vrij van de wachtlijst")
    MEMBERSHIP_APPROVED = "membership_approved", _("Mijn lidmaatschap van een community")
    TIP_QUALIFIED = "tip_qualified", _("Een ondernemer die ik tipte, doet mee")
    CREDITS_APPROVED = "credits_approved", _("Mijn credits zijn goedgekeurd")
    CREDITS_EXPIRING = "credits_expiring", _("Mijn credits vervallen binnenkort")
    EXPERIENCE_APPROVED = "experience_approved", _("Mijn ervaring is goedgekeurd")
    MODERATION_QUESTION = "moderation_question", _("Een vraag over mijn ervaring")


# Kinds whose mail always goes, whatever the preference: it belongs to something the member
# booked (a waiting-list place is held for them for a short while only).
TRANSACTIONAL_KINDS = frozenset({Kind.WAITING_LIST_OFFER})


class Delivery(models.TextChoices):
    DIRECT = "direct", _("Direct per mail")
    DIGEST = "digest", _("In de dagelijkse samenvatting")
    NEVER = "never", _("Niet mailen")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("lid"),
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    # Unique per recipient: "<kind>:<what happened>", so the same event never notifies twice.
    key = models.CharField(_("sleutel"), max_length=200)
    title = models.CharField(_("titel"), max_length=255)
    text = models.CharField(_("tekst"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    # How its mail went, decided when it was made: a later change of preference does not
    # move it into (or out of) a digest.
    delivery = models.CharField(
        _("mail"), max_length=10, choices=Delivery.choices, default=Delivery.DIRECT
    )
    digested_at = models.DateTimeField(_("in samenvatting op"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            models.Index(fields=["delivery", "digested_at"], name="notification_digest_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class MailPreference(models.Model):
    """A member's choice for one kind; a kind without a row is mailed directly."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preferences",
        verbose_name=_("lid"),
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("mail"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("mailvoorkeur")
        verbose_name_plural = _("mailvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="mail_preference_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_delivery_display()}"
