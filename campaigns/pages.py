"""Campaign landing pages: ``/campagnes/`` and one ``CampaignPage`` per campaign.

A campaign has a kind (lancering, word of mouth, thema), a period (before its start only staff
see it; after its end it says so kindly and points onwards), a ``code`` that campaign links and
UTM parameters carry, and its own text and image for sharing. The body is a StreamField of
campaign blocks (``campaigns.blocks``); each section names the phase it serves.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from loket.core.models import SeoMixin

from .blocks import CampaignStreamBlock


class CampaignKind(models.TextChoices):
    LAUNCH = "lancering", _("Lancering")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    THEME = "thema", _("Thema")


class Phase(models.TextChoices):
    MAKE_KNOWN = "bekend_maken", _("Bekend maken")
    INFORM = "informeren", _("Informeren")
    CONVINCE = "overtuigen", _("Overtuigen tot actie")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth stimuleren")


class CampaignIndexPage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """``/campagnes/``: the campaigns that are running now."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("campagneoverzicht")
        verbose_name_plural = _("campagneoverzichten")


class CampaignPage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    kind = models.CharField(
        _("soort campagne"),
        max_length=20,
        choices=CampaignKind.choices,
        default=CampaignKind.LAUNCH,
    )
    code = models.SlugField(
        _("campagnecode"),
        max_length=60,
        unique=True,
        help_text=_(
            "Staat in campagnelinks en als utm_campaign in mailings, bijvoorbeeld "
            "'een-kritische-blik'. Alleen kleine letters, cijfers en streepjes."
        ),
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("start"), default=timezone.now)
    ends_at = models.DateTimeField(_("einde"), null=True, blank=True)
    ended_message = models.TextField(
        _("tekst na afloop"),
        max_length=500,
        blank=True,
        help_text=_(
            "Wat bezoekers zien als de campagne voorbij is. Leeg: een vriendelijke standaardtekst."
        ),
    )
    next_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("na afloop verwijzen naar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    og_title = models.CharField(_("titel bij delen"), max_length=120, blank=True)
    og_description = models.CharField(_("tekst bij delen"), max_length=300, blank=True)
    body = StreamField(CampaignStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("theme"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("ended_message"),
                FieldPanel("next_page"),
            ],
            heading=_("Campagne"),
        ),
        *Page.settings_panels,
    ]
    promote_panels = [
        *SeoMixin.promote_panels,
        MultiFieldPanel(
            [FieldPanel("og_title"), FieldPanel("og_description")],
            heading=_("Delen op sociale media"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campagnepagina")
        verbose_name_plural = _("campagnepagina's")
