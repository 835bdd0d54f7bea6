"""Intervision: small fixed peer groups (5–8) with a facilitator, who meet to learn from cases.

``/intervisie/`` (``IntervisionIndexPage``) explains intervision and lists the groups open for
application; it routes the application form and each group's confidential space. Groups,
applications, participants, sessions, attendance and cases are plain models, changed only through
``community.services.intervision``; nothing of a group's content is a page, so none of it reaches
search, sitemaps or feeds.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from loket.accounts.models import CompanySize, Province, Sector
from loket.core.blocks import BaseStreamBlock
from loket.core.models import SeoMixin

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


class IntervisionIndexPage(RoutablePageMixin, SeoMixin, Page):
    """``/intervisie/``: what intervision is and which groups take applications."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("meer uitleg"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("intervisie-overzicht")
        verbose_name_plural = _("intervisie-overzichten")

    @path("", name="index")
    def index_route(self, request):
        from community.views import intervision

        return intervision.index(self, request)

    @path("aanmelden/", name="apply")
    def apply_route(self, request):
        from community.views import intervision

        return intervision.apply(self, request)

    @path("aanmelding/intrekken/", name="withdraw")
    def withdraw_route(self, request):
        from community.views import intervision

        return intervision.withdraw(self, request)

    @path("groep/<int:group_id>/", name="group")
    def group_route(self, request, group_id):
        from community.views import intervision

        return intervision.group_space(self, request, group_id)

    @path("groep/<int:group_id>/casus/", name="case")
    def case_route(self, request, group_id):
        from community.views import intervision

        return intervision.submit_case(self, request, group_id)

    @path("groep/<int:group_id>/verlaten/", name="leave")
    def leave_route(self, request, group_id):
        from community.views import intervision

        return intervision.leave(self, request, group_id)

    @path("groep/<int:group_id>/aanwezigheid/<int:session_id>/", name="attendance")
    def attendance_route(self, request, group_id, session_id):
        from community.views import intervision

        return intervision.attendance(self, request, group_id, session_id)

    @path("groep/<int:group_id>/sessie/<int:session_id>/aantekening/", name="note")
    def note_route(self, request, group_id, session_id):
        from community.views import intervision

        return intervision.add_note(self, request, group_id, session_id)

    @path("groep/<int:group_id>/aantekening/<int:note_id>/verwijderen/", name="note_delete")
    def note_delete_route(self, request, group_id, note_id):
        from community.views import intervision

        return intervision.delete_note(self, request, group_id, note_id)

    @path("groep/<int:group_id>/sessie/<int:session_id>/actie/", name="action")
    def action_route(self, request, group_id, session_id):
        from community.views import intervision

        return intervision.add_action(self, request, group_id, session_id)

    @path("groep/<int:group_id>/actie/<int:action_id>/", name="action_done")
    def action_done_route(self, request, group_id, action_id):
        from community.views import intervision

        return intervision.action_done(self, request, group_id, action_id)

    @path("groep/<int:group_id>/waardering/", name="rate")
    def rate_route(self, request, group_id):
        from community.views import intervision

        return intervision.rate(self, request, group_id)

    @path("sessie/<int:session_id>/ical/", name="session_ics")
    def session_ics_route(self, request, session_id):
        from community.views import intervision

        return intervision.session_ics(self, request, session_id)

    def url_for(self, route_name, request=None, **kwargs):
        return self.get_url(request) + self.reverse_subpage(route_name, kwargs=kwargs).lstrip("/")

    def get_sitemap_urls(self, request=None):
        # Only the explanation itself; group spaces are never listed.
        return super().get_sitemap_urls(request)


class IntervisionGroup(models.Model):
    title = models.CharField(_("naam"), max_length=120)
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


class ExperienceDisplay(models.TextChoices):
    # The same values as the testimonials app's display modes, which reads them.
    FULL = "volledig", _("Met mijn volledige naam en bedrijf")
    FIRST_NAME = "voornaam", _("Met mijn voornaam en sector")
    ANONYMOUS = "anoniem", _("Anoniem")


class ApplicationStatus(models.TextChoices):
    WAITING = "wacht", _("Wacht op matching")
    PLACED = "geplaatst", _("Geplaatst")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class IntervisionApplication(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondernemer"),
        on_delete=models.CASCADE,
        related_name="intervision_applications",
    )
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("gekozen groep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text=_("Leeg: match mij met een passende groep."),
    )
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    size_band = models.CharField(_("aantal medewerkers"), max_length=5, choices=CompanySize.choices)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    municipality = models.CharField(_("gemeente"), max_length=100)
    company_name = models.CharField(_("bedrijfsnaam"), max_length=150, blank=True)
    question = models.TextField(_("je vraag"), max_length=1500)
    availability = models.JSONField(_("beschikbaarheid"), default=list)
    avoid_companies = models.TextField(_("liever niet in een groep met"), blank=True)
    consent_text = models.TextField(_("toestemmingstekst"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.WAITING,
    )
    last_reason = models.CharField(_("laatste uitkomst"), max_length=300, blank=True)
    rounds = models.PositiveSmallIntegerField(_("matchingrondes"), default=0)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding voor intervisie")
        verbose_name_plural = _("aanmeldingen voor intervisie")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="wacht"),
                name="one_waiting_intervision_application",
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.theme}"

    @property
    def avoid_list(self):
        return [line.strip() for line in self.avoid_companies.splitlines() if line.strip()]


class IntervisionParticipant(models.Model):
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="intervision_participations",
    )
    application = models.ForeignKey(
        IntervisionApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    explanation = models.CharField(_("waarom deze groep"), max_length=300, blank=True)
    joined_at = models.DateTimeField(_("deelnemer sinds"), auto_now_add=True)
    left_at = models.DateTimeField(_("vertrokken op"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("waardering"), null=True, blank=True)
    experience = models.TextField(_("ervaring"), max_length=2000, blank=True)
    # Consent to use the experience outside the group, recorded with its text when rating.
    experience_consent_text = models.TextField(_("toestemmingstekst ervaring"), blank=True)
    experience_consent_at = models.DateTimeField(
        _("toestemming ervaring gegeven op"), null=True, blank=True
    )
    experience_display = models.CharField(
        _("zo tonen we de deelnemer"),
        max_length=10,
        choices=ExperienceDisplay.choices,
        default=ExperienceDisplay.ANONYMOUS,
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="one_intervision_seat")
        ]

    def __str__(self):
        return f"{self.member} in {self.group}"

    @property
    def is_active(self):
        return self.left_at is None


class IntervisionSession(models.Model):
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    location = models.CharField(_("plek"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online"), blank=True)
    method = models.CharField(
        _("methode"), max_length=10, choices=Method.choices, default=Method.INCIDENT
    )
    # Claimed by the reminder run (events.scheduling.claim_and_send): set once, mailed once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("group"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("location"),
        FieldPanel("online_url"),
        FieldPanel("method"),
    ]

    class Meta:
        verbose_name = _("intervisiesessie")
        verbose_name_plural = _("intervisiesessies")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="intervision_session_ends"
            )
        ]

    def __str__(self):
        return f"{self.group} – {self.starts_at:%d-%m-%Y}"


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        IntervisionParticipant, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("aanwezig"), default=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)
    # The first time this participant was recorded present: ``session_attended`` is sent then,
    # and never again for the same session, however often the list is saved.
    first_present_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.session}"


class IntervisionCase(models.Model):
    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingebracht door"),
        on_delete=models.CASCADE,
        related_name="intervision_cases",
    )
    title = models.CharField(_("titel"), max_length=120)
    body = models.TextField(_("de casus"), max_length=3000)
    created_at = models.DateTimeField(_("ingebracht op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class SessionNote(models.Model):
    """A short shared note of a session, written in the group space by a participant or the
    facilitator; the group, its facilitator and community managers read it, nobody else."""

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="shared_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geschreven door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervision_notes",
    )
    body = models.TextField(_("aantekening"), max_length=1000)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aantekening")
        verbose_name_plural = _("aantekeningen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session} – {self.body[:40]}"


class SessionAction(models.Model):
    """An action agreed in a session: what, who does it, and whether it is done."""

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="agreed_actions",
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervision_actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done = models.BooleanField(_("gedaan"), default=False)
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afgesproken actie")
        verbose_name_plural = _("afgesproken acties")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description


class Facilitator(models.Model):
    """Someone in the pool of facilitators (begeleiders): the themes and regions they take on
    and how many groups they lead at most. The matching proposes one per new group."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="intervision_facilitator",
        help_text=_("Met dit account opent de begeleider de groepspagina."),
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
