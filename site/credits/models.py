"""The credits ledger: an append-only table of credit transactions.

A balance is the sum of rows, never a stored number. Database constraints keep the ledger
honest: an award (or refund, or expiry) with the same reference exists once per member, so the
same qualification can never be awarded twice, not even by two processes at the same moment;
awards and refunds are positive, spends and expiries negative. The one change a row allows is the
one-way review decision of a pending award (``pending`` → ``available`` or ``rejected``), made by
a conditional update in ``services``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from loket.core.fields import region_foreign_key


class Kind(models.TextChoices):
    AWARD = "toekenning", _("Toekenning")
    SPEND = "besteding", _("Besteding")
    REFUND = "terugboeking", _("Terugboeking")
    EXPIRY = "vervallen", _("Vervallen")
    CORRECTION = "correctie", _("Correctie")


class Status(models.TextChoices):
    PENDING = "in_behandeling", _("In behandeling")
    AVAILABLE = "beschikbaar", _("Beschikbaar")
    REJECTED = "afgewezen", _("Afgewezen")


# Kinds whose reference may occur once per member: the database refuses a second row.
UNIQUE_KINDS = (Kind.AWARD, Kind.REFUND, Kind.EXPIRY)


class AppendOnlyError(Exception):
    """A ledger row was about to be changed or deleted."""


class CreditTransactionQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("Het creditsgrootboek is alleen aan te vullen.")


class CreditTransaction(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="credit_transactions",
    )
    amount = models.IntegerField(_("aantal credits"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE
    )
    reason = models.CharField(_("reden"), max_length=255)
    reference = models.CharField(
        _("kenmerk"),
        max_length=120,
        blank=True,
        help_text=_("Waar de boeking vandaan komt, bijvoorbeeld referral:12:tipgever."),
    )
    related = models.ForeignKey(
        "self",
        verbose_name=_("hoort bij"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
    )
    available_from = models.DateTimeField(
        _("beschikbaar vanaf"),
        null=True,
        blank=True,
        help_text=_("Leeg bij een toekenning die op een beoordeling wacht."),
    )
    expires_at = models.DateTimeField(_("vervalt op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geboekt op"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    objects = CreditTransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("creditboeking")
        verbose_name_plural = _("creditboekingen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "kind", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "reference"],
                condition=Q(kind__in=UNIQUE_KINDS) & ~Q(reference=""),
                name="credits_unique_reference",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(kind__in=[Kind.AWARD, Kind.REFUND]) & Q(amount__gt=0))
                    | (Q(kind__in=[Kind.SPEND, Kind.EXPIRY]) & Q(amount__lt=0))
                    | (Q(kind=Kind.CORRECTION) & ~Q(amount=0))
                ),
                name="credits_amount_sign",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.AWARD) | Q(status=Status.AVAILABLE),
                name="credits_only_awards_in_review",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount:+d} · {self.member_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Een boeking verandert niet; boek een correctie.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het creditsgrootboek is alleen aan te vullen.")


class Reward(models.Model):
    """Something in the catalogue that members buy with credits; ``stock`` is never over-issued."""

    class Type(models.TextChoices):
        SEAT = "plek", _("Gratis plek bij een seminar of bijeenkomst")
        CONVERSATION = "gesprek", _("Gesprek met een ambassadeur of bekende ondernemer")
        OTHER = "overig", _("Iets anders")

    title = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("omschrijving"), max_length=1000, blank=True)
    type = models.CharField(_("soort"), max_length=20, choices=Type.choices, default=Type.OTHER)
    price = models.PositiveIntegerField(_("prijs in credits"))
    stock = models.PositiveIntegerField(
        _("voorraad"), help_text=_("Hoe vaak deze beloning in totaal kan worden gekozen.")
    )
    active = models.BooleanField(_("in de catalogus"), default=True)
    site = region_foreign_key(
        _("Het Ondernemersloket dat deze beloning aanbiedt. Leeg: landelijk.")
    )
    # A user, not the testimonials' Ambassador snippet: the site package imports no later app
    # (DESIGN.md, layers). An ambassador with an account is linked through that account.
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ambassadeur of gastheer/-vrouw"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_rewards",
        help_text=_("Wie het gesprek voert of de dag organiseert; het lid ziet deze naam."),
    )
    host_url = models.URLField(
        _("pagina van de ambassadeur of gastheer/-vrouw"),
        blank=True,
        help_text=_("Bijvoorbeeld de ambassadeurspagina op deze site."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("beloning")
        verbose_name_plural = _("beloningen")
        ordering = ["price", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="credits_reward_price_positive")
        ]

    def __str__(self):
        return self.title


class RedemptionQuerySet(models.QuerySet):
    def overdue_q(self, now):
        """Requested longer than ``REWARD_OVERDUE_DAYS`` ago, or scheduled for a moment passed."""
        days = getattr(settings, "REWARD_OVERDUE_DAYS", 14)
        return Q(state=Redemption.State.REQUESTED, created_at__lt=now - timedelta(days=days)) | Q(
            state=Redemption.State.SCHEDULED, scheduled_for__lt=now
        )

    def overdue(self, now=None):
        return self.filter(self.overdue_q(now or timezone.now()))

    def with_overdue(self, now=None):
        """Each row with ``is_overdue``, computed by the database (one query for any list)."""
        return self.annotate(
            is_overdue=Case(
                When(self.overdue_q(now or timezone.now()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class Redemption(models.Model):
    """A member chose a reward and paid with credits; staff deliver it: aangevraagd → ingepland
    → geleverd, or geannuleerd with the credits refunded once (``services.rewards``)."""

    class State(models.TextChoices):
        REQUESTED = "aangevraagd", _("Aangevraagd")
        SCHEDULED = "ingepland", _("Ingepland")
        FULFILLED = "geleverd", _("Geleverd")
        CANCELLED = "geannuleerd", _("Geannuleerd, credits teruggeboekt")

    reward = models.ForeignKey(
        Reward, verbose_name=_("beloning"), on_delete=models.PROTECT, related_name="redemptions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="redemptions",
    )
    spend = models.OneToOneField(
        CreditTransaction,
        verbose_name=_("besteding"),
        on_delete=models.PROTECT,
        related_name="redemption",
    )
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.REQUESTED
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    scheduled_for = models.DateTimeField(_("ingepland op"), null=True, blank=True)
    note = models.TextField(
        _("toelichting voor het lid"),
        max_length=1000,
        blank=True,
        help_text=_("Bijvoorbeeld waar het gesprek is of hoe het pakketje komt."),
    )
    state_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The desk that delivers: the member's home region when the request was made.
    site = region_foreign_key(_("Het Ondernemersloket dat de beloning levert."))

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingewisselde beloning")
        verbose_name_plural = _("ingewisselde beloningen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.reward} · {self.member}"

    def save(self, *args, **kwargs):
        # The request goes to the desk that delivers: the member's own (one without a home
        # region belongs to the default site, as the rewards offered to them do).
        if self._state.adding and self.site_id is None:
            profile = getattr(self.member, "profile", None)
            self.site_id = getattr(profile, "home_site_id", None) or (
                Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
            )
        super().save(*args, **kwargs)
