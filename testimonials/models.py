"""Experiences, the consent behind them, the moderation log, published cases and ambassadors.

An ``Experience`` is what an entrepreneur wrote; whether it may be shown anywhere is decided by
``testimonials.services.is_publishable`` from its status and its ``Consent`` rows. The website
answer is kept in ``Experience.is_public`` (written only by the services) so every public query
is a plain filter. Consent rows are append-only: a withdrawal is a new row, never a delete.
"""

import uuid
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from loket.accounts.models import Sector
from loket.accounts.validators import PHOTO_EXTENSIONS, validate_photo_size
from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin, SignedIdMixin

from .blocks import CaseStreamBlock

# Video links are embedded on public pages: only hosts we know to be safe players.
VIDEO_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "vimeo.com",
        "www.vimeo.com",
        "player.vimeo.com",
    }
)


def validate_video_url(value):
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme != "https" or (parts.hostname or "").lower() not in VIDEO_HOSTS:
        raise ValidationError(
            _("Deel een video van YouTube of Vimeo: een link die begint met https://."),
            code="video_host",
        )


def experience_photo_path(instance, filename):
    # A random name: the contributor's name never ends up in a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"ervaringen/{uuid.uuid4().hex}.{extension}"


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    MAGAZINE = "magazine", _("Magazine en nieuwsbrief")
    SOCIAL = "social", _("Sociale media")
    PRINT = "drukwerk", _("Drukwerk")


class SubjectKind(models.TextChoices):
    EVENT = "bijeenkomst", _("Een bijeenkomst")
    GROUP = "intervisie", _("Een intervisiegroep")
    DESK = "loket", _("Het loket in het algemeen")


class DisplayMode(models.TextChoices):
    FULL = "volledig", _("Met mijn volledige naam en bedrijf")
    FIRST_NAME = "voornaam", _("Met mijn voornaam en sector")
    ANONYMOUS = "anoniem", _("Anoniem")


class Status(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    QUESTION = "vraag", _("Vraag uitgezet")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
    PRIVATE = "prive", _("Privé-feedback")


# A rapportcijfer at or below this goes to the desk as private feedback, never to publication.
PRIVATE_FEEDBACK_MAX_SCORE = 5


class ExperienceQuerySet(models.QuerySet):
    def public(self):
        """What the website may show: approved, consented, and not private feedback."""
        return self.filter(is_public=True)

    def for_listing(self):
        return self.public().select_related("theme", "event").order_by("-approved_at", "-pk")

    def of_contributor(self, user):
        return self.filter(Q(contributor=user) | Q(contributor_email__iexact=user.email))


class Experience(SignedIdMixin, models.Model):
    Status = Status

    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    contributor_name = models.CharField(_("naam"), max_length=150)
    contributor_email = models.EmailField(_("e-mailadres"))
    company_name = models.CharField(_("bedrijf"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)

    quote = models.CharField(
        _("citaat"), max_length=280, help_text=_("In één of twee zinnen: wat leverde het je op?")
    )
    story = models.TextField(_("verhaal"), max_length=5000, blank=True)
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    subject_kind = models.CharField(
        _("waarover"), max_length=12, choices=SubjectKind.choices, default=SubjectKind.DESK
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    # Any other subject (an intervision group once it exists): a generic reference plus its
    # name as it was, so the experience still reads well if the subject goes away.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("naam van het onderwerp"), max_length=200, blank=True)

    photo = models.ImageField(
        _("foto"),
        upload_to=experience_photo_path,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_photo_size],
    )
    video_url = models.URLField(
        _("video"), blank=True, validators=[validate_video_url], help_text=_("YouTube of Vimeo.")
    )
    display_mode = models.CharField(
        _("zo tonen we je"), max_length=10, choices=DisplayMode.choices, default=DisplayMode.FULL
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    proposed_quote = models.CharField(
        _("voorgesteld citaat"),
        max_length=280,
        blank=True,
        help_text=_("Een aanpassing door de redactie; telt pas na akkoord van de inzender."),
    )
    staff_note = models.TextField(_("interne notitie"), max_length=2000, blank=True)
    followed_up_at = models.DateTimeField(_("opgevolgd op"), null=True, blank=True)
    is_public = models.BooleanField(_("op de website"), default=False, editable=False)
    # The hash of the personal link it came through: a link is good for one experience.
    link_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    created_at = models.DateTimeField(_("gedeeld op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    objects = ExperienceQuerySet.as_manager()

    TOKEN_SALT = "testimonials.experience"  # noqa: S105 - a signing salt, not a secret

    class Meta:
        verbose_name = _("ervaring")
        verbose_name_plural = _("ervaringen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="testimonials_score_1_10"
            ),
            # Private feedback is never public, whatever else happens to the row.
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(score__gt=PRIVATE_FEEDBACK_MAX_SCORE),
                name="testimonials_low_score_never_public",
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "-approved_at"], name="testimonials_public_idx"),
        ]

    def __str__(self):
        return Truncator(self.quote).chars(60)

    @property
    def is_private_feedback(self):
        return self.score <= PRIVATE_FEEDBACK_MAX_SCORE

    @property
    def has_pending_quote_edit(self):
        return bool(self.proposed_quote)

    @property
    def first_name(self):
        return (self.contributor_name or "").split(" ", 1)[0]

    def byline(self):
        """The name under the quote, as the contributor chose to be shown."""
        if self.display_mode == DisplayMode.FULL:
            return ", ".join(p for p in (self.contributor_name, self.company_name) if p)
        if self.display_mode == DisplayMode.FIRST_NAME:
            sector = self.get_sector_display().lower() if self.sector else ""
            return ", ".join(p for p in (self.first_name, sector) if p)
        return str(_("Een ondernemer"))

    @property
    def shows_photo(self):
        # A photo identifies someone: only shown when they chose to be shown by name.
        return bool(self.photo) and self.display_mode == DisplayMode.FULL

    def subject_title(self):
        if self.event_id:
            return self.event.title
        return self.subject_label

    @cached_property
    def current_consents(self):
        """``{channel: Consent}`` of the channels consented to right now (latest row wins)."""
        latest = {}
        for row in sorted(self.consents.all(), key=lambda c: (c.recorded_at, c.pk)):
            latest[row.channel] = row
        return {ch: row for ch, row in latest.items() if row.action == Consent.Action.GRANTED}


class Consent(models.Model):
    """One consent decision for one channel, with the exact text shown. Never edited or deleted:
    withdrawing adds a row; the latest row per channel is what holds."""

    class Action(models.TextChoices):
        GRANTED = "gegeven", _("Toestemming gegeven")
        WITHDRAWN = "ingetrokken", _("Toestemming ingetrokken")

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="consents"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("besluit"), max_length=12, choices=Action.choices)
    text = models.TextField(_("getoonde tekst"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_action_display()}"


class ModerationLog(models.Model):
    """Every step in the life of an experience: who did what, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "ingediend", _("Gedeeld")
        PRIVATE = "prive", _("Als privé-feedback naar het loket")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        QUESTION = "vraag", _("Vraag gesteld")
        ANSWERED = "antwoord", _("Vraag beantwoord")
        REJECTED = "afgewezen", _("Afgewezen")
        QUOTE_PROPOSED = "citaat_voorstel", _("Aangepast citaat voorgesteld")
        QUOTE_ACCEPTED = "citaat_akkoord", _("Aangepast citaat goedgekeurd door inzender")
        QUOTE_DECLINED = "citaat_nee", _("Aangepast citaat afgewezen door inzender")
        CONSENT_GRANTED = "toestemming", _("Toestemming gegeven")
        CONSENT_WITHDRAWN = "ingetrokken", _("Toestemming ingetrokken")
        CASE_UNPUBLISHED = "case_offline", _("Case offline gehaald")
        FOLLOWED_UP = "opgevolgd", _("Opgevolgd door het loket")
        ANONYMISED = "geanonimiseerd", _("Losgekoppeld van het account")

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="log"
    )
    action = models.CharField(_("stap"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("door (naam)"), max_length=150, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderatiestap")
        verbose_name_plural = _("moderatielog")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor_label}"


# Journey phases and cases -------------------------------------------------------------------


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


class Emotion(models.TextChoices):
    PROUD = "trots", _("Trots")
    HAPPY = "blij", _("Blij")
    RELIEVED = "opgelucht", _("Opgelucht")
    HOPEFUL = "hoopvol", _("Hoopvol")
    NEUTRAL = "neutraal", _("Neutraal")
    UNSURE = "onzeker", _("Onzeker")
    WORRIED = "bezorgd", _("Bezorgd")
    FRUSTRATED = "gefrustreerd", _("Gefrustreerd")


# How the emotion curve places each emotion: +2 (top) to -2 (bottom).
EMOTION_VALENCE = {
    Emotion.PROUD: 2,
    Emotion.HAPPY: 2,
    Emotion.RELIEVED: 1,
    Emotion.HOPEFUL: 1,
    Emotion.NEUTRAL: 0,
    Emotion.UNSURE: -1,
    Emotion.WORRIED: -1,
    Emotion.FRUSTRATED: -2,
}


class TestimonialsIndexPage(RouteUrlMixin, RoutablePageMixin, SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """``/ervaringen/``: approved experiences with filters, cases, ambassadors, and the routes
    ``delen/`` (Deel mijn ervaring), ``mijn/`` (your own experiences and consents)."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    share_intro = models.TextField(
        _("tekst boven het formulier 'Deel mijn ervaring'"), max_length=500, blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("share_intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["testimonials.CasePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("ervaringenoverzicht")
        verbose_name_plural = _("ervaringenoverzichten")

    # The views live in testimonials.views; these routes only hand over.
    @path("", name="index")
    def index_route(self, request):
        from . import views

        return views.index(self, request)

    @path("delen/", name="share")
    def share_route(self, request):
        from . import views

        return views.share(self, request)

    @path("mijn/", name="mine")
    def mine_route(self, request):
        from . import views

        return views.mine(self, request)

    @re_path(r"^mijn/(?P<token>[-\w]+)/$", name="manage")
    def manage_route(self, request, token):
        from . import views

        return views.manage(self, request, token)

    @path("ambassadeurs/", name="ambassadors")
    def ambassadors_route(self, request):
        from . import views

        return views.ambassadors(self, request)

    @re_path(r"^ambassadeurs/(?P<slug>[-\w]+)/$", name="ambassador")
    def ambassador_route(self, request, slug):
        from . import views

        return views.ambassador(self, request, slug)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        urls.append(
            {"location": self.full_url_for("ambassadors"), "lastmod": self.last_published_at}
        )
        for slug in Ambassador.objects.public().values_list("slug", flat=True):
            urls.append({"location": self.full_url_for("ambassador", slug=slug)})
        return urls


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
        from .journey import journey_chart

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


# Ambassadors -------------------------------------------------------------------------------


class AmbassadorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(active=True, consent_at__isnull=False)


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

    objects = AmbassadorQuerySet.as_manager()

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
