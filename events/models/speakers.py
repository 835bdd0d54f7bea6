"""The parts an event page holds inline: its speakers and hosts, and its free tags.
They point at the page by name ("events.EventPage"); the page module imports this one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class EventSpeaker(Orderable):
    class Role(models.TextChoices):
        SPEAKER = "spreker", _("Spreker")
        HOST = "gastheer", _("Gastheer of gastvrouw")
        EXPERT = "expert", _("Expert")
        ENTREPRENEUR = "ondernemer", _("Ervaren ondernemer")

    event = ParentalKey("events.EventPage", related_name="speakers", on_delete=models.CASCADE)
    name = models.CharField(_("naam"), max_length=120)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    title = models.CharField(
        _("functie of bedrijf"),
        max_length=160,
        blank=True,
        help_text=_("Bijvoorbeeld: eigenaar van een bouwbedrijf met 25 medewerkers."),
    )
    profile = models.TextField(_("kort profiel"), max_length=600, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("title"),
        FieldPanel("profile"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("spreker of gastheer")
        verbose_name_plural = _("sprekers en gastheren")

    def __str__(self):
        return self.name

    @property
    def public_role(self):
        """The role as the event page says it: "Gastheer of gastvrouw" is the editor's choice,
        the visitor reads the one word "Host" (whoever it is)."""
        if self.role == self.Role.HOST:
            return _("Host")
        return self.get_role_display()
