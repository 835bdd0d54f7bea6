"""What attribution keeps: an account's first and last touch, visits per day, conversions.

Nothing here holds an IP address or a browser fingerprint. A touch is the cleaned campaign code,
channel, UTM source/medium/content, the landing path and the moment; an account keeps at most
two (first and last) and only for ``ATTRIBUTION_RETENTION_DAYS``. Visits are counted per
campaign, channel and day without saying who; a conversion row says which campaign and channel
one action (a sign-up, an intake request, ...) came from, once per action.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.core.fields import region_foreign_key

# The campaign code of arrivals with UTM parameters that name no known campaign.
OTHER = "overig"


class Position(models.TextChoices):
    FIRST = "eerste", _("Eerste aanraking")
    LAST = "laatste", _("Laatste aanraking")


class Touch(models.Model):
    """An account's first or last attributed arrival (one row each, at most)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="attribution_touches",
    )
    position = models.CharField(_("positie"), max_length=8, choices=Position.choices)
    campaign_code = models.CharField(_("campagnecode"), max_length=60, blank=True)
    channel = models.CharField(_("kanaal"), max_length=121)
    source = models.CharField(_("utm_source"), max_length=60, blank=True)
    medium = models.CharField(_("utm_medium"), max_length=60, blank=True)
    content = models.CharField(_("utm_content"), max_length=60, blank=True)
    landing_path = models.CharField(_("landingspagina"), max_length=200, blank=True)
    touched_at = models.DateTimeField(_("moment"), db_index=True)
    site = region_foreign_key(_("De regio op wier site de bezoeker binnenkwam."))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aanraking")
        verbose_name_plural = _("aanrakingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="attribution_touch_once"),
        ]

    def __str__(self):
        return f"{self.get_position_display()}: {self.campaign_code or '-'} via {self.channel}"


class DailyVisits(models.Model):
    """Visits (and engaged visits) per campaign, channel and day; nobody in particular."""

    day = models.DateField(_("dag"))
    campaign_code = models.CharField(_("campagnecode"), max_length=60)
    channel = models.CharField(_("kanaal"), max_length=121)
    visits = models.PositiveIntegerField(_("bezoeken"), default=0)
    engaged = models.PositiveIntegerField(_("geïnformeerd"), default=0)
    # The region whose site was visited: a national campaign is counted per region.
    site = region_foreign_key(_("De regio op wier site de campagne werd bezocht."))

    class Meta:
        verbose_name = _("bezoeken per dag")
        verbose_name_plural = _("bezoeken per dag")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_code", "day", "channel", "site"],
                name="attribution_visits_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.campaign_code} {self.channel}: {self.visits}"


class ConversionKind(models.TextChoices):
    SIGNUP = "aanmelding", _("Aanmeldingen")
    INTAKE = "intake", _("Intakeaanvragen")
    EVENT = "bijeenkomst", _("Aanmeldingen voor bijeenkomsten")
    COMMUNITY = "community", _("Nieuwe communityleden")
    EXPERIENCE = "ervaring", _("Gedeelde ervaringen")
    OFFER = "aanbod", _("Geclaimde aanbiedingen")
    SCAN = "scan", _("Fitheidscans afgerond")
    TIP = "tip", _("Tips verstuurd")
    QUALIFIED = "gekwalificeerd", _("Tips gekwalificeerd")


# "Overtuigen tot actie": what a campaign asks a visitor to do. Tips belong to word of mouth.
ACTION_KINDS = (
    ConversionKind.SIGNUP,
    ConversionKind.INTAKE,
    ConversionKind.EVENT,
    ConversionKind.COMMUNITY,
    ConversionKind.EXPERIENCE,
    ConversionKind.OFFER,
    ConversionKind.SCAN,
)
WORD_OF_MOUTH_KINDS = (ConversionKind.TIP, ConversionKind.QUALIFIED)


class Conversion(models.Model):
    """One action, attributed to the campaign and channel of the touch that led to it.

    ``object_key`` names the action ("registration:12"): unique, so a signal that arrives twice
    counts once. After the retention period the key is blanked and the row stays as a count.
    """

    kind = models.CharField(_("soort"), max_length=20, choices=ConversionKind.choices)
    object_key = models.CharField(_("actie"), max_length=60, blank=True)
    campaign_code = models.CharField(_("campagnecode"), max_length=60, blank=True)
    channel = models.CharField(_("kanaal"), max_length=121)
    first_campaign_code = models.CharField(
        _("campagne van eerste aanraking"), max_length=60, blank=True
    )
    # The member who acted came in through a tip themselves: the word-of-mouth loop.
    by_referred_member = models.BooleanField(_("door een getipt lid"), default=False)
    day = models.DateField(_("dag"), db_index=True)
    created_at = models.DateTimeField(_("geteld op"), auto_now_add=True)
    # The region of the touch that earned it (where the campaign was seen), else where it happened.
    site = region_foreign_key(_("De regio waar de campagne werd gezien of de actie plaatsvond."))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("conversie")
        verbose_name_plural = _("conversies")
        permissions = [("view_results", "Kan campagneresultaten bekijken")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key"],
                condition=~Q(object_key=""),
                name="attribution_conversion_once",
            ),
        ]
        indexes = [models.Index(fields=["campaign_code", "day"], name="attribution_conv_campaign")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_key} ({self.campaign_code or '-'})"
