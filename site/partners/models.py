"""The partner and expert directory of a region, warm handovers and follow-up calls.

- :class:`Organisation` (a bank, an accountant, the KVK …) of a region (a Wagtail ``Site``;
  none: national) with its themes and a tier; an SLA-partner commits to a reply time.
- :class:`Contact`: a named person at an organisation, to whom the desk hands over.
- :class:`Handover`: a warm handover of an intake request to a contact, with the entrepreneur's
  consent (its exact text), the introduction mail and, for an SLA-partner, the confirmation.
- :class:`FollowUp`: the desk calls back ("Nabellen") some days after an intake, a speedconsult
  or a handover; one per contact chain (``source_key``), with the call's outcome.

Only ``loket.partners.services`` changes handovers and follow-ups.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from loket.core.signed import SignedIdMixin

DEFAULT_FOLLOW_UP_DAYS = 14


class Kind(models.TextChoices):
    BANK = "bank", _("Bank")
    ACCOUNTANT = "accountant", _("Accountant of boekhouder")
    KVK = "kvk", _("KVK")
    MUNICIPALITY = "gemeente", _("Gemeente")
    ROM = "rom", _("Regionale ontwikkelingsmaatschappij")
    SECTOR = "branche", _("Branchevereniging")
    ADVISER = "adviseur", _("Adviseur of expert")
    OTHER = "overig", _("Overig")


class Tier(models.TextChoices):
    SLA = "sla", _("SLA-partner")
    NETWORK = "netwerk", _("Netwerkpartner")
    REFERRAL = "doorverwijzing", _("Doorverwijzing")


class ReplyUnit(models.TextChoices):
    HOURS = "uren", _("uur")
    DAYS = "dagen", _("dagen")


class OrganisationQuerySet(models.QuerySet):
    def for_site(self, site):
        """The organisations of ``site``'s region and the national ones."""
        if site is None:
            return self.filter(site__isnull=True)
        return self.filter(Q(site=site) | Q(site__isnull=True))

    def public(self):
        return self.filter(show_publicly=True, active=True)


class Organisation(ClusterableModel):
    name = models.CharField(_("naam"), max_length=150)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partner_organisations",
        help_text=_("Leeg: een landelijke partner, zichtbaar in elke regio."),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    tier = models.CharField(_("samenwerking"), max_length=16, choices=Tier.choices)
    reply_time = models.PositiveSmallIntegerField(
        _("reactietijd"),
        null=True,
        blank=True,
        help_text=_("Alleen voor een SLA-partner: binnen hoeveel uur of dagen zij reageren."),
    )
    reply_unit = models.CharField(
        _("eenheid"), max_length=6, choices=ReplyUnit.choices, default=ReplyUnit.DAYS
    )
    themes = ParentalManyToManyField("themes.Theme", verbose_name=_("thema's"), blank=True)
    description = models.TextField(
        _("wat ze doen"),
        max_length=600,
        help_text=_("Zakelijk en feitelijk: waarmee ze ondernemers helpen. Geen reclametaal."),
    )
    website = models.URLField(_("website"), blank=True)
    show_publicly = models.BooleanField(
        _("tonen op /partners/"),
        default=True,
        help_text=_("Uit: alleen het loket ziet deze partner (om naar door te verwijzen)."),
    )
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(tier="sla") | Q(reply_time__gt=0),
                name="partners_sla_has_reply_time",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def reply_delta(self):
        if self.tier != Tier.SLA or not self.reply_time:
            return None
        if self.reply_unit == ReplyUnit.HOURS:
            return timedelta(hours=self.reply_time)
        return timedelta(days=self.reply_time)

    @property
    def reply_label(self):
        if self.reply_delta is None:
            return ""
        return f"{self.reply_time} {self.get_reply_unit_display()}"


class Contact(models.Model):
    organisation = ParentalKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(_("functie"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["sort_order", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"


class HandoverQuerySet(models.QuerySet):
    def awaiting_confirmation(self):
        return self.filter(confirmed_at__isnull=True, reply_due_at__isnull=False)


class Handover(SignedIdMixin, models.Model):
    """A warm handover of an intake request to a named contact, with consent."""

    TOKEN_SALT = "loket.partners.handover.confirm"  # noqa: S105 - a signing salt, not a secret

    class Consent(models.TextChoices):
        PHONE = "telefoon", _("Mondeling, aan de telefoon of in het gesprek")

    intake = models.ForeignKey(
        "intake.IntakeRequest",
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contactpersoon"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="handovers",
    )
    # Kept as they were at the handover: a contact may leave or the partner be renamed later.
    contact_name = models.CharField(_("contactpersoon (naam)"), max_length=150)
    organisation_name = models.CharField(_("partner (naam)"), max_length=150)
    tier = models.CharField(_("samenwerking"), max_length=16, choices=Tier.choices)
    consent_text = models.TextField(_("tekst van het akkoord"))
    consent_method = models.CharField(
        _("akkoord gegeven"), max_length=10, choices=Consent.choices, default=Consent.PHONE
    )
    consented_at = models.DateTimeField(_("akkoord vastgelegd op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overgedragen door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("overgedragen op"), default=timezone.now, db_index=True)
    reply_due_at = models.DateTimeField(_("reactie verwacht voor"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("contact bevestigd op"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("loket gewaarschuwd op"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One warm handover per request: the intake is then "doorverwezen" and closed.
            models.UniqueConstraint(fields=["intake"], name="partners_one_handover_per_intake"),
        ]

    def __str__(self):
        return f"{self.contact_name} ({self.organisation_name})"

    @property
    def is_overdue(self):
        return (
            self.confirmed_at is None
            and self.reply_due_at is not None
            and self.reply_due_at < timezone.now()
        )


class FollowUpKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    SPEEDCONSULT = "speedconsult", _("Speedconsult")
    HANDOVER = "overdracht", _("Overdracht")


class Outcome(models.TextChoices):
    RESOLVED = "opgelost", _("Opgelost")
    ONGOING = "loopt_nog", _("Loopt nog")
    REFERRED = "doorverwezen", _("Doorverwezen")
    NO_CONTACT = "geen_contact", _("Geen contact")


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def due(self, today=None):
        return self.open().filter(due_on__lte=today or timezone.localdate())


class FollowUp(models.Model):
    """The desk's call back after a contact: due on a day, on a staff member's list."""

    source_key = models.CharField(max_length=80, unique=True, editable=False)
    kind = models.CharField(_("na"), max_length=12, choices=FollowUpKind.choices)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intake = models.ForeignKey(
        "intake.IntakeRequest",
        verbose_name=_("aanvraag"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    handover = models.ForeignKey(
        Handover,
        verbose_name=_("overdracht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # Who to call when there is no intake request behind it (a booking of another app).
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("belt na"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("nabellen op"), db_index=True)
    outcome = models.CharField(_("uitkomst"), max_length=14, choices=Outcome.choices, blank=True)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("gebeld op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("nabelafspraak")
        verbose_name_plural = _("nabellen")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(outcome=""),
                name="partners_follow_up_done_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.due_on:%d-%m-%Y})"

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_on < timezone.localdate()


@register_setting(icon="calendar-alt")
class FollowUpSettings(BaseSiteSetting):
    """Per region: after how many days the desk calls an entrepreneur back."""

    follow_up_days = models.PositiveSmallIntegerField(
        _("nabellen na (dagen)"),
        default=DEFAULT_FOLLOW_UP_DAYS,
        help_text=_("Na een intake, speedconsult of overdracht belt het loket na zoveel dagen na."),
    )

    class Meta:
        verbose_name = _("nabellen")
