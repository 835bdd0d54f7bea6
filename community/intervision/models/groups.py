"""Intervision groups and the pool of facilitators: the groups' choices, size limits and day parts.

A group is a plain model, changed only through ``community.intervision.services``; nothing of a
group's content is a page, so none of it reaches search, sitemaps or feeds.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from loket.accounts.models import CompanySize, Province, Sector
from loket.core.fields import region_foreign_key

DAY_PARTS = [
    (f"{day}-{part}", format_lazy("{} {}", day_label, part_label))
    for day, day_label in [
        ("ma", _("maandag")),
        ("di", _("dinsdag")),
        ("wo", _("woensdag")),
        ("do", _("donderdag")),
        ("vr", _("vrijdag")),
    ]
    for part, part_label in [
        ("ochtend", _("ochtend")),
        ("middag", _("middag")),
        ("avond", _("avond")),
    ]
]
DAY_PART_CODES = frozenset(code for code, _label in DAY_PARTS)


# The group size limits may be set per group; these bounds hold for the settings and every group.
SIZE_FLOOR = 3
SIZE_CEILING = 12


def default_min_size():
    return settings.INTERVISION_GROUP_MIN_SIZE


def default_max_size():
    return settings.INTERVISION_GROUP_MAX_SIZE


SIZE_VALIDATORS = [MinValueValidator(SIZE_FLOOR), MaxValueValidator(SIZE_CEILING)]


class GroupFormat(models.TextChoices):
    FYSIEK = "fysiek", _("Fysiek")
    ONLINE = "online", _("Online")


class GroupStatus(models.TextChoices):
    FORMING = "oprichting", _("In oprichting")
    ACTIVE = "actief", _("Actief")
    FINISHED = "afgerond", _("Afgerond")


class Method(models.TextChoices):
    INCIDENT = "incident", _("Incidentmethode")
    BALINT = "balint", _("Balint-casusbespreking")
    FREE = "vrij", _("Vrij format")


class IntervisionGroup(models.Model):
    title = models.CharField(_("naam"), max_length=120)
    site = region_foreign_key(_("De regio die de groep organiseert. Leeg: een landelijke groep."))
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        _("korte omschrijving"),
        max_length=600,
        blank=True,
        help_text=_("Voor wie is de groep en waar werken jullie aan? Staat op /intervisie/."),
    )
    sectors = models.JSONField(_("sectoren"), default=list, blank=True)
    size_bands = models.JSONField(_("bedrijfsgroottes"), default=list, blank=True)
    province = models.CharField(
        _("regio"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Leeg voor het hele land (meestal een online groep)."),
    )
    municipality = models.CharField(_("plaats"), max_length=80, blank=True)
    format = models.CharField(
        _("vorm"), max_length=10, choices=GroupFormat.choices, default=GroupFormat.FYSIEK
    )
    day_part = models.CharField(
        _("vast dagdeel"),
        max_length=12,
        choices=DAY_PARTS,
        blank=True,
        help_text=_("Deelnemers moeten dan kunnen; leeg als het nog open is."),
    )
    min_size = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers"), default=default_min_size, validators=SIZE_VALIDATORS
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers"), default=default_max_size, validators=SIZE_VALIDATORS
    )
    facilitator_name = models.CharField(_("begeleider"), max_length=120, blank=True)
    facilitator_profile = models.TextField(_("over de begeleider"), max_length=600, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begeleider als gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_intervision_groups",
    )
    schedule = models.CharField(
        _("ritme"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: zes sessies van drie uur, om de vier weken op dinsdagavond."),
    )
    location = models.CharField(_("plek"), max_length=200, blank=True)
    method = models.CharField(
        _("methode"), max_length=10, choices=Method.choices, default=Method.INCIDENT
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GroupStatus.choices, default=GroupStatus.FORMING
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("site"),
        FieldPanel("theme"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("sectors"),
                FieldPanel("size_bands"),
                FieldRowPanel([FieldPanel("province"), FieldPanel("municipality")]),
            ],
            heading=_("Voor wie"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("format"), FieldPanel("day_part")]),
                FieldRowPanel([FieldPanel("min_size"), FieldPanel("max_size")]),
                FieldPanel("schedule"),
                FieldPanel("location"),
                FieldPanel("method"),
                FieldPanel("status"),
            ],
            heading=_("Opzet"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facilitator_name"),
                FieldPanel("facilitator_profile"),
                FieldPanel("facilitator"),
            ],
            heading=_("Begeleiding"),
        ),
    ]

    class Meta:
        verbose_name = _("intervisiegroep")
        verbose_name_plural = _("intervisiegroepen")
        ordering = ["status", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_size__gte=SIZE_FLOOR)
                & Q(max_size__lte=SIZE_CEILING)
                & Q(max_size__gte=models.F("min_size")),
                name="intervision_group_size_limits",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def sector_labels(self):
        return [Sector(code).label for code in self.sectors if code in Sector.values]

    @property
    def size_labels(self):
        return [CompanySize(code).label for code in self.size_bands if code in CompanySize.values]


class Facilitator(models.Model):
    """Someone in the pool of facilitators (begeleiders): the desk they work for (or every
    desk), the themes and provinces they take on and how many groups they lead at most. The
    matching proposes one per new group of their desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="intervision_facilitator",
        help_text=_("Met dit account opent de begeleider de groepspagina."),
    )
    site = region_foreign_key(
        _("Het Ondernemersloket waarvoor de begeleider werkt. Leeg: voor alle regio's.")
    )
    name = models.CharField(_("naam zoals deelnemers die zien"), max_length=120)
    profile = models.TextField(
        _("over de begeleider"),
        max_length=600,
        blank=True,
        help_text=_("Een paar zinnen voor de deelnemers: achtergrond en ervaring."),
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), blank=True, related_name="+"
    )
    provinces = models.JSONField(
        _("regio's"),
        default=list,
        blank=True,
        help_text=_("Leeg: begeleidt in het hele land (en online)."),
    )
    max_groups = models.PositiveSmallIntegerField(
        _("maximaal aantal groepen tegelijk"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    active = models.BooleanField(_("beschikbaar"), default=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("profile"),
        FieldPanel("themes"),
        FieldPanel("provinces"),
        FieldRowPanel([FieldPanel("max_groups"), FieldPanel("active")]),
    ]

    class Meta:
        verbose_name = _("begeleider")
        verbose_name_plural = _("begeleiders")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def province_labels(self):
        return [Province(code).label for code in self.provinces if code in Province.values]
