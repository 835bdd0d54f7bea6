"""Limited offers of a campaign ("de eerste 50 aanmelders spreken een bekende ondernemer").

How many places are left is never stored: it is the offer's total minus its claims, recounted
under a lock on the offer row when somebody claims (``campaigns.landing.claim_offer``). A member
claims an offer at most once, which the database guarantees as well.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel


class LimitedOfferManager(models.Manager):
    def in_bulk(self, id_list=None, *, field_name="pk"):
        # What an offer block's chooser calls when a page is read: the claims counted in the
        # same query, so the counter needs none of its own (``claimed_count``).
        annotated = self.get_queryset().annotate(claimed_total=models.Count("claims"))
        return annotated.in_bulk(id_list, field_name=field_name)


class LimitedOffer(models.Model):
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    key = models.SlugField(
        _("korte naam"),
        max_length=60,
        help_text=_("Voor links en resultaten, bijvoorbeeld 'gesprek-bekende-ondernemer'."),
    )
    title = models.CharField(_("titel"), max_length=120)
    description = models.TextField(_("uitleg"), max_length=600, blank=True)
    total = models.PositiveIntegerField(
        _("aantal plekken"), validators=[MinValueValidator(1)], default=50
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LimitedOfferManager()

    panels = [
        PageChooserPanel("campaign", "campaigns.CampaignPage"),
        FieldPanel("title"),
        FieldPanel("key"),
        FieldPanel("description"),
        FieldPanel("total"),
    ]

    class Meta:
        verbose_name = _("beperkt aanbod")
        verbose_name_plural = _("beperkte aanbiedingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "key"], name="offer_unique_key_per_campaign"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.total})"

    def claimed_count(self):
        annotated = getattr(self, "claimed_total", None)
        return annotated if annotated is not None else self.claims.count()

    claimed_count.short_description = _("geclaimd")


class OfferClaim(models.Model):
    offer = models.ForeignKey(
        LimitedOffer, verbose_name=_("aanbod"), on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="offer_claims",
    )
    created_at = models.DateTimeField(_("geclaimd op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("geclaimde plek")
        verbose_name_plural = _("geclaimde plekken")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "user"], name="offer_claim_once_per_member"),
        ]

    def __str__(self):
        return f"{self.user} · {self.offer.title}"
