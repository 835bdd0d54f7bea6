"""Tip een ander: the programme's settings, each member's referral code, and referrals.

A referral goes getipt → aangemeld → gekwalificeerd (or afgewezen). The tipped person's address
is kept only while the tip can qualify; their keyed hash stays, so nobody is mailed twice.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from events.models import EventType

# The campaign pages and offers live in their own modules; Django finds models through this one.
from .offers import LimitedOffer, OfferClaim  # noqa: F401
from .pages import CampaignIndexPage, CampaignKind, CampaignPage, Phase  # noqa: F401


class ProgrammeForm(WagtailAdminModelForm):
    qualifying_event_types = forms.MultipleChoiceField(
        label=_("Welke soorten bijeenkomsten tellen mee"),
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: elke bijeenkomst telt."),
    )


@register_setting(icon="pick")
class ReferralProgramme(BaseGenericSetting):
    """How Tip een ander works; staff change it without a developer."""

    base_form_class = ProgrammeForm

    referrer_credits = models.PositiveIntegerField(_("credits voor de tipgever"), default=10)
    welcome_credits = models.PositiveIntegerField(
        _("welkomstcredits voor de nieuwe ondernemer"), default=5
    )
    qualify_on_attendance = models.BooleanField(_("eerste bijeenkomst telt"), default=True)
    qualifying_event_types = models.JSONField(default=list, blank=True)
    qualify_on_intervision = models.BooleanField(
        _("deelnemen aan een intervisiegroep telt"), default=True
    )
    qualify_on_intake = models.BooleanField(_("een gehouden intakegesprek telt"), default=True)
    review_days = models.PositiveIntegerField(
        _("beoordelingstermijn in dagen"),
        default=14,
        help_text=_("Zo lang blijven nieuwe credits in behandeling voor ze te besteden zijn."),
    )
    tips_per_day = models.PositiveIntegerField(_("tips per lid per dag"), default=10)
    yearly_cap = models.PositiveIntegerField(
        _("maximum aantal credits per tipgever per jaar"), default=100
    )
    risk_threshold = models.PositiveIntegerField(
        _("risicoscore vanaf waar staff beoordeelt"), default=50
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("referrer_credits"), FieldPanel("welcome_credits")],
            heading=_("Credits"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("qualify_on_attendance"),
                FieldPanel("qualifying_event_types"),
                FieldPanel("qualify_on_intervision"),
                FieldPanel("qualify_on_intake"),
            ],
            heading=_("Wat telt als meedoen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_days"),
                FieldPanel("tips_per_day"),
                FieldPanel("yearly_cap"),
                FieldPanel("risk_threshold"),
            ],
            heading=_("Spelregels"),
        ),
    ]

    class Meta:
        verbose_name = _("Tip een ander")


class ReferralCode(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="referral_code",
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Opt-in for "ambassadeurs van de maand": shown only with this consent, with its time.
    on_leaderboard_since = models.DateTimeField(_("op de ranglijst sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("tipcode")
        verbose_name_plural = _("tipcodes")

    def __str__(self):
        return self.code


class Referral(models.Model):
    class Status(models.TextChoices):
        TIPPED = "getipt", _("Getipt")
        SIGNED_UP = "aangemeld", _("Aangemeld")
        QUALIFIED = "gekwalificeerd", _("Gekwalificeerd")
        REJECTED = "afgewezen", _("Afgewezen")

    class Channel(models.TextChoices):
        MAIL = "mail", _("Tip per e-mail")
        LINK = "link", _("Persoonlijke link")
        CODE = "code", _("Code bij aanmelden")

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tipgever"),
        on_delete=models.CASCADE,
        related_name="referrals_made",
    )
    referred = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nieuwe ondernemer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referral",
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TIPPED
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    email_hash = models.CharField(max_length=64, blank=True, editable=False)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    note = models.TextField(_("persoonlijke boodschap"), max_length=1000, blank=True)
    qualification = models.CharField(_("gekwalificeerd door"), max_length=60, blank=True)
    risk_score = models.PositiveIntegerField(_("risicoscore"), default=0)
    risk_reasons = models.JSONField(_("risicosignalen"), default=list, blank=True)
    rejection_reason = models.CharField(_("reden van afwijzing"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("getipt op"), auto_now_add=True, db_index=True)
    signed_up_at = models.DateTimeField(_("aangemeld op"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("gekwalificeerd op"), null=True, blank=True)
    address_erased_at = models.DateTimeField(_("adres gewist op"), null=True, blank=True)

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The tipped person gets exactly one mail, whoever tips them.
            models.UniqueConstraint(
                fields=["email_hash"],
                condition=~Q(email_hash=""),
                name="referral_one_tip_per_address",
            ),
        ]

    def __str__(self):
        who = self.referred.display_name if self.referred_id else (self.name or _("een ondernemer"))
        return f"{self.referrer} → {who}"
