"""Published cases: the case page, its linked experiences and the steps of its journey.

``JourneyPhase`` holds the phases staff may rename; ``journey_chart`` draws the curve.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from loket.core.models import SeoMixin

from ..blocks import CaseStreamBlock
from ..journey import journey_chart
from .choices import EMOTION_VALENCE, Emotion
from .experiences import Experience


class JourneyPhase(models.Model):
    """A phase of the entrepreneur's journey; staff may rename and reorder them."""

    name = models.CharField(_("naam"), max_length=60, unique=True)
    description = models.CharField(_("toelichting"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        verbose_name = _("fase van de klantreis")
        verbose_name_plural = _("fases van de klantreis")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class CasePage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """An edited story built on one or more experiences, with the entrepreneur's journey.

    Withdrawing website consent for any linked experience unpublishes the case
    (``testimonials.services.withdraw_consent``); it cannot be published again while that holds.
    """

    intro = models.TextField(_("introductie"), max_length=500)
    entrepreneur = models.CharField(
        _("ondernemer"), max_length=150, blank=True, help_text=_("Naam zoals in de case getoond.")
    )
    company = models.CharField(_("bedrijf en sector"), max_length=200, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(CaseStreamBlock(), verbose_name=_("verhaal"), blank=True)
    themes = ParentalManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), blank=True, related_name="cases"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("entrepreneur"), FieldPanel("company")]),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "experience_links",
            heading=_("Onderliggende ervaringen"),
            label=_("ervaring"),
            help_text=_(
                "Trekt een inzender de toestemming voor de website in, dan gaat deze case "
                "automatisch offline."
            ),
        ),
        MultiFieldPanel(
            [InlinePanel("journey_steps", label=_("fase"))],
            heading=_("Klantreis"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("entrepreneur"),
    ]

    parent_page_types = ["testimonials.TestimonialsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def check_consent(self):
        """Refuse to be live while a linked experience lacks website consent."""
        blocked = [
            link.experience for link in self.experience_links.all() if not link.experience.is_public
        ]
        if blocked:
            raise ValidationError(
                _(
                    "Deze case kan niet online: voor %(quote)s is er (nog) geen toestemming "
                    "voor de website of de ervaring is niet goedgekeurd."
                )
                % {"quote": f"“{blocked[0]}”"}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        steps = list(self.journey_steps.select_related("phase").order_by("phase__sort_order"))
        context["journey_steps"] = steps
        context["journey_chart"] = journey_chart(steps) if steps else None
        return context

    def get_social_image(self):
        return self.social_image or self.image


class CaseExperience(Orderable):
    case = ParentalKey(CasePage, related_name="experience_links", on_delete=models.CASCADE)
    experience = models.ForeignKey(
        Experience,
        verbose_name=_("ervaring"),
        on_delete=models.CASCADE,
        related_name="case_links",
    )

    panels = [FieldPanel("experience")]

    class Meta(Orderable.Meta):
        verbose_name = _("onderliggende ervaring")
        verbose_name_plural = _("onderliggende ervaringen")
        constraints = [
            models.UniqueConstraint(fields=["case", "experience"], name="testimonials_case_exp")
        ]

    def __str__(self):
        return str(self.experience)


class CaseJourneyStep(Orderable):
    case = ParentalKey(CasePage, related_name="journey_steps", on_delete=models.CASCADE)
    phase = models.ForeignKey(
        JourneyPhase, verbose_name=_("fase"), on_delete=models.PROTECT, related_name="+"
    )
    line = models.CharField(
        _("in de ik-vorm"),
        max_length=200,
        help_text=_("Bijvoorbeeld: 'Ik lag er wakker van dat ik mijn personeel niet vond.'"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("tevredenheid (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    effort = models.PositiveSmallIntegerField(
        _("moeite (1 = weinig, 5 = veel)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    emotion = models.CharField(_("gevoel"), max_length=12, choices=Emotion.choices)

    panels = [
        FieldPanel("phase"),
        FieldPanel("line"),
        FieldRowPanel([FieldPanel("satisfaction"), FieldPanel("effort"), FieldPanel("emotion")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("fase in de klantreis")
        verbose_name_plural = _("klantreis")

    def __str__(self):
        return f"{self.phase}: {self.line}"

    @property
    def valence(self):
        return EMOTION_VALENCE.get(self.emotion, 0)
