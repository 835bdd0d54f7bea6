"""Ambassadors: well-known entrepreneurs who carry the desk's message, with their consent.

Only those with a recorded consent and marked active appear anywhere (``public()``).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class AmbassadorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(active=True, consent_at__isnull=False)


class AmbassadorManager(models.Manager.from_queryset(AmbassadorQuerySet)):  # type: ignore[misc]
    def in_bulk(self, id_list=None, *, field_name="pk"):
        # What an ambassador block's chooser calls when a page is read: with the photo and
        # themes the block shows, so ``public_ambassador`` need not load the ambassador again.
        loaded = self.get_queryset().select_related("photo").prefetch_related("themes")
        return loaded.in_bulk(id_list, field_name=field_name)


class Ambassador(ClusterableModel):
    """A (well-known) entrepreneur who carries the desk's message, with their consent."""

    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    company = models.CharField(_("bedrijf"), max_length=200)
    role = models.CharField(
        _("wie is het"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: oprichter van een installatiebedrijf met 40 medewerkers."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote = models.CharField(_("citaat"), max_length=280)
    offer = models.CharField(
        _("wat biedt de ambassadeur aan"),
        max_length=280,
        blank=True,
        help_text=_("Bijvoorbeeld: een uur sparren met een lid over groei."),
    )
    themes = ParentalManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), blank=True, related_name="ambassadors"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gekoppeld lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ambassador_profiles",
    )
    consent_text = models.TextField(
        _("tekst waarmee toestemming is gegeven"),
        blank=True,
        help_text=_("Zoals de ambassadeur die heeft ondertekend of gemaild."),
    )
    consent_at = models.DateTimeField(
        _("toestemming gegeven op"),
        null=True,
        blank=True,
        help_text=_("Zonder datum verschijnt de ambassadeur nergens."),
    )
    active = models.BooleanField(_("zichtbaar"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = AmbassadorManager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("company"), FieldPanel("role")]),
        FieldPanel("photo"),
        FieldPanel("quote"),
        FieldPanel("offer"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("member"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("consent_at"), FieldPanel("active")],
            heading=_("Toestemming"),
        ),
    ]

    class Meta:
        verbose_name = _("ambassadeur")
        verbose_name_plural = _("ambassadeurs")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.consent_at and not self.consent_text.strip():
            raise ValidationError(
                {"consent_text": _("Leg vast met welke tekst de ambassadeur toestemming gaf.")}
            )
