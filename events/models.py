"""Meetups and seminars as pages, and the registrations that fill their seats.

The status an event shows (gepland, volgeboekt, geannuleerd, afgelopen) is derived from its dates,
its cancelled flag and the registration rows; seats are never kept as a counter that can drift.
Business rules (registering, waiting list, check-in) live in ``events.services``.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from loket.accounts.models import Province
from loket.core.blocks import BaseStreamBlock
from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin, SignedIdMixin

# Route names on the pages; an event slug may not shadow them.
RESERVED_SLUGS = frozenset({"archief", "ical", "aanmelden"})


class EventFormat(models.TextChoices):
    PHYSICAL = "fysiek", _("Fysiek")
    ONLINE = "online", _("Online")
    HYBRID = "hybride", _("Hybride")


class EventType(models.TextChoices):
    THEMATIC = "thematisch", _("Thematische bijeenkomst")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    NETWORKING = "netwerk", _("Netwerkbijeenkomst")
    BUSINESS_DRINKS = "businessborrel", _("Businessborrel")


class EventStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    FULL = "volgeboekt", _("Volgeboekt")
    CANCELLED = "geannuleerd", _("Geannuleerd")
    PAST = "afgelopen", _("Afgelopen")


class EventIndexPage(RoutablePageMixin, SeoMixin, Page):
    """``/bijeenkomsten/``: the agenda with filters, the archive and the iCal feed."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda's")

    # The views themselves live in events.views; these routes only hand over.
    @path("", name="index")
    def index_route(self, request):
        from . import views

        return views.agenda(self, request, archive=False)

    @path("archief/", name="archive")
    def archive_route(self, request):
        from . import views

        return views.agenda(self, request, archive=True)

    @path("ical/", name="feed")
    def feed_route(self, request):
        from . import views

        return views.agenda_feed(self, request)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class EventPageManager(PageManager):
    def with_seats(self):
        """Annotate ``seats_taken``: seats held by confirmed and offered registrations."""
        return self.get_queryset().annotate(seats_taken_total=seats_taken_subquery())


def seats_taken_subquery():
    taken = (
        Registration.objects.filter(event=models.OuterRef("pk"), status__in=Registration.HOLDING)
        .order_by()
        .values("event")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    return Coalesce(models.Subquery(taken, output_field=models.IntegerField()), 0)


class EventPage(RouteUrlMixin, RoutablePageMixin, SeoMixin, Page):
    intro = models.TextField(
        _("introductie"),
        max_length=500,
        help_text=_("Twee of drie zinnen: voor wie is het en wat levert het op?"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    themes = ParentalManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), blank=True, related_name="events"
    )
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("trefwoorden"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    start = models.DateTimeField(_("begint om"), db_index=True)
    end = models.DateTimeField(_("eindigt om"))
    event_type = models.CharField(
        _("soort bijeenkomst"), max_length=20, choices=EventType.choices, default=EventType.THEMATIC
    )
    format = models.CharField(
        _("vorm"), max_length=10, choices=EventFormat.choices, default=EventFormat.PHYSICAL
    )
    region = models.CharField(
        _("regio"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Leeg bij een online bijeenkomst voor het hele land."),
    )
    venue_name = models.CharField(_("naam van de locatie"), max_length=120, blank=True)
    venue_address = models.CharField(
        _("adres"), max_length=200, blank=True, help_text=_("Straat, huisnummer en postcode.")
    )
    municipality = models.CharField(_("plaats"), max_length=80, blank=True)
    online_url = models.URLField(
        _("link naar de online bijeenkomst"),
        blank=True,
        help_text=_("Alleen zichtbaar voor wie is aangemeld, en staat in de bevestigingsmail."),
    )

    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), default=30, validators=[MinValueValidator(1)]
    )
    max_colleagues = models.PositiveSmallIntegerField(
        _("maximaal aantal collega's per aanmelding"),
        default=3,
        validators=[MaxValueValidator(10)],
        help_text=_("0 als iedereen zich zelf aanmeldt."),
    )
    registration_opens_at = models.DateTimeField(
        _("aanmelden kan vanaf"), null=True, blank=True, help_text=_("Leeg: meteen.")
    )
    registration_closes_at = models.DateTimeField(
        _("aanmelden kan tot"), null=True, blank=True, help_text=_("Leeg: tot de start.")
    )
    question = models.CharField(
        _("vraag bij aanmelding"),
        max_length=200,
        blank=True,
        default=_("Wat wil je graag bespreken?"),
        help_text=_("De antwoorden lees je voor de bijeenkomst; zo zetten leden de agenda."),
    )
    price = models.DecimalField(
        _("prijs in euro"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 is gratis."),
    )
    reduced_price = models.DecimalField(
        _("verlaagd tarief in euro"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    reduced_price_condition = models.CharField(
        _("voorwaarde voor het verlaagde tarief"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: voor ondernemers in zwaar weer."),
    )

    credits_price = models.PositiveIntegerField(
        _("prijs in credits per plek"),
        default=0,
        help_text=_(
            "0: niet met credits te betalen. Anders kunnen leden bij het aanmelden met hun "
            "Tip-een-ander-credits betalen."
        ),
    )
    credits_refund_hours = models.PositiveIntegerField(
        _("credits terug bij afmelden tot N uur vooraf"),
        default=48,
        help_text=_("Wie later afmeldt, krijgt de credits niet terug."),
    )

    cancelled = models.BooleanField(_("geannuleerd"), default=False)
    cancellation_reason = models.TextField(
        _("reden van annulering"),
        max_length=600,
        blank=True,
        help_text=_("Staat op de pagina en in de mail aan iedereen die is aangemeld."),
    )

    # What registrants were last told about time and place; a published change mails them.
    notified_schedule = models.CharField(max_length=64, blank=True, editable=False)

    # Occurrences of a recurring series share this id; each one is a page of its own.
    series_id = models.UUIDField(_("reeks"), null=True, blank=True, editable=False, db_index=True)

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("format")]),
            ],
            heading=_("Wanneer en wat"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("municipality"), FieldPanel("region")]),
                FieldPanel("online_url"),
            ],
            heading=_("Waar"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_colleagues")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("question"),
            ],
            heading=_("Aanmelden"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("price"),
                FieldRowPanel([FieldPanel("reduced_price"), FieldPanel("reduced_price_condition")]),
                FieldRowPanel([FieldPanel("credits_price"), FieldPanel("credits_refund_hours")]),
            ],
            heading=_("Prijs"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("speakers", heading=_("Sprekers en gastheren"), label=_("spreker")),
        MultiFieldPanel(
            [FieldPanel("cancelled"), FieldPanel("cancellation_reason")],
            heading=_("Annuleren"),
        ),
    ]
    promote_panels = [*SeoMixin.promote_panels, FieldPanel("themes"), FieldPanel("tags")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("municipality"),
        index.FilterField("start"),
        index.FilterField("region"),
        index.FilterField("format"),
        index.FilterField("event_type"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        indexes = [models.Index(fields=["start", "end"], name="events_start_end_idx")]

    # The views themselves live in events.views; these routes only hand over.
    @path("aanmelden/", name="register")
    def register_route(self, request):
        from . import views

        return views.register(self, request)

    @re_path(r"^afmelden/(?P<token>[-\w]+)/$", name="cancel")
    def cancel_route(self, request, token):
        from . import views

        return views.cancel(self, request, token)

    @re_path(r"^plek/(?P<token>[-\w]+)/$", name="offer")
    def offer_route(self, request, token):
        from . import views

        return views.offer(self, request, token)

    @re_path(r"^wachtlijst/(?P<token>[-\w]+)/$", name="leave_waiting_list")
    def leave_waiting_list_route(self, request, token):
        from . import views

        return views.leave_waiting_list(self, request, token)

    @re_path(r"^ervaring/(?P<token>[-\w]+)/$", name="feedback")
    def feedback_route(self, request, token):
        from . import views

        return views.feedback(self, request, token)

    @path("uitnodigen/", name="invite")
    def invite_route(self, request):
        from . import views

        return views.invite(self, request)

    @re_path(r"^qr/(?P<token>[-\w]+)/$", name="qr")
    def qr_route(self, request, token):
        from . import views

        return views.qr_code(self, request, token)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from . import views

        return views.event_ical(self, request)

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Deze naam is gereserveerd; kies een andere slug.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Het einde ligt na de start.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Aanmelden sluit na het openen.")
        if self.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not self.online_url:
            errors["online_url"] = _("Een online bijeenkomst heeft een link nodig.")
        if self.format in (EventFormat.PHYSICAL, EventFormat.HYBRID) and not self.venue_name:
            errors["venue_name"] = _("Waar vindt het plaats? Vul de locatie in.")
        if self.reduced_price is not None and self.reduced_price >= self.price:
            errors["reduced_price"] = _("Het verlaagde tarief is lager dan de gewone prijs.")
        if self.reduced_price is not None and not self.reduced_price_condition:
            errors["reduced_price_condition"] = _("Voor wie geldt het verlaagde tarief?")
        if self.cancelled and not self.cancellation_reason:
            errors["cancellation_reason"] = _("Vertel kort waarom; de reden gaat mee in de mail.")
        if errors:
            raise ValidationError(errors)

    # Derived state -------------------------------------------------------------------------

    @property
    def closes_at(self):
        return self.registration_closes_at or self.start

    @cached_property
    def seats_taken(self):
        annotated = getattr(self, "seats_taken_total", None)
        if annotated is not None:
            return annotated
        return self.registrations.filter(status__in=Registration.HOLDING).aggregate(
            total=Coalesce(Sum("seats"), 0)
        )["total"]

    @property
    def seats_left(self):
        return max(self.capacity - self.seats_taken, 0)

    def get_status(self, now=None):
        now = now or timezone.now()
        if self.cancelled:
            return EventStatus.CANCELLED
        if self.end <= now:
            return EventStatus.PAST
        if self.seats_left <= 0:
            return EventStatus.FULL
        return EventStatus.PLANNED

    @property
    def status(self):
        return self.get_status()

    def registration_state(self, now=None):
        """Why registering is (not) possible now: ``open``, ``not_yet``, ``closed``, ``cancelled``,
        ``past``."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.start <= now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.closes_at:
            return "closed"
        return "open"

    @property
    def is_free(self):
        return not self.price

    @property
    def payable_with_credits(self):
        return self.credits_price > 0

    @property
    def credits_refund_deadline(self):
        """Until when cancelling gives credits paid for a seat back."""
        return self.start - timedelta(hours=self.credits_refund_hours)

    @property
    def is_online(self):
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def has_venue(self):
        return self.format in (EventFormat.PHYSICAL, EventFormat.HYBRID)

    @property
    def ical_url(self):
        return self.url_for("ical")

    def with_content_json(self, content):
        # Set outside the edit form (by the series and the change notice), so an older
        # revision must not put back an older value when it is published.
        obj = super().with_content_json(content)
        obj.series_id = self.series_id
        obj.notified_schedule = self.notified_schedule
        return obj

    def schedule_fingerprint(self):
        """A short hash of what registrants plan around: time, place and the online link."""
        import hashlib

        parts = [
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            self.format,
            self.venue_name,
            self.venue_address,
            self.municipality,
            self.online_url,
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def other_occurrences(self):
        """Upcoming live dates of the same series, soonest first."""
        if not self.series_id:
            return EventPage.objects.none()
        return (
            EventPage.objects.live()
            .filter(series_id=self.series_id, end__gt=timezone.now())
            .exclude(pk=self.pk)
            .defer_streamfields()
            .only("id", "title", "slug", "url_path", "path", "depth", "start", "end")
            .order_by("start")
        )

    def get_context(self, request, *args, **kwargs):
        from .views import event_page_context

        form = kwargs.pop("registration_form", None)
        invite_form = kwargs.pop("invite_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request, form=form, invite_form=invite_form))
        return context

    def get_social_image(self):
        return self.social_image or self.image


class EventSpeaker(Orderable):
    class Role(models.TextChoices):
        SPEAKER = "spreker", _("Spreker")
        HOST = "gastheer", _("Gastheer of gastvrouw")
        EXPERT = "expert", _("Expert")
        ENTREPRENEUR = "ondernemer", _("Ervaren ondernemer")

    event = ParentalKey(EventPage, related_name="speakers", on_delete=models.CASCADE)
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


# ``Registration.cancel_reason`` when the organiser removed someone (their credits go back).
CANCELLED_BY_STAFF = "door organisatie"


class Registration(SignedIdMixin, models.Model):
    """One person's registration (with colleagues, counted together) for one event.

    Arrival order is ``(created_at, id)``: both are written inside the transaction that holds the
    event's row lock, so they follow the order in which registrations got their turn.
    """

    class Status(models.TextChoices):
        CONFIRMED = "bevestigd", _("Bevestigd")
        WAITING = "wachtlijst", _("Wachtlijst")
        OFFERED = "aangeboden", _("Plek aangeboden")
        CANCELLED = "geannuleerd", _("Afgemeld")

    class Source(models.TextChoices):
        MEMBER = "lid", _("Lid, met één klik")
        VISITOR = "bezoeker", _("Bezoeker, met formulier")
        STAFF = "beheer", _("Toegevoegd door de organisatie")
        INVITE = "uitnodiging", _("Via een uitnodiging")

    # Statuses that occupy seats: an offered seat is held until the offer expires.
    HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITING)

    TOKEN_SALT = "events.registration"  # noqa: S105 - a signing salt, not a secret

    # A registration is not content that "uses" the event page; keeping it out of Wagtail's
    # reference index also keeps a write out of the locked section of every registration.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    seats = models.PositiveSmallIntegerField(_("plaatsen"), default=1)
    colleagues = models.JSONField(
        _("collega's"),
        default=list,
        blank=True,
        help_text=_("Namen (en eventueel e-mailadressen) van meegebrachte collega's."),
    )
    answer = models.TextField(_("antwoord op de vraag"), max_length=1000, blank=True)
    source = models.CharField(
        _("aangemeld via"), max_length=12, choices=Source.choices, default=Source.MEMBER
    )
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden van afmelden"), max_length=40, blank=True)
    # What was spent from the credits ledger for this registration (reference registratie:<pk>);
    # the ledger stays the truth, this says how the seat was paid without a ledger query.
    paid_credits = models.PositiveIntegerField(_("betaald met credits"), default=0)
    checked_in_at = models.DateTimeField(_("aanwezig sinds"), null=True, blank=True)
    reminder_week_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="geannuleerd"),
                name="events_one_active_registration_per_user",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="events_registration_at_least_one_seat"
            ),
            models.CheckConstraint(
                condition=~Q(status="aangeboden") | Q(offer_expires_at__isnull=False),
                name="events_offer_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_reg_event_status_idx")]

    def __str__(self):
        return f"{self.user} · {self.event}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def colleague_names(self):
        return [c.get("name", "") for c in self.colleagues if isinstance(c, dict)]

    @property
    def colleagues_text(self):
        return ", ".join(self.colleague_names)

    @property
    def credits_reference(self):
        """The ledger reference of the credits spent on this registration."""
        return f"registratie:{self.pk}"

    def credits_refundable(self, now=None):
        """Would the member cancelling now get the paid credits back? Only before the deadline."""
        now = now or timezone.now()
        return bool(self.paid_credits) and now < self.event.credits_refund_deadline

    @property
    def credits_refund_due(self):
        """Paid credits go back when the event is cancelled, the organiser removed the
        registration, or the member cancelled before the event's refund deadline."""
        if not self.paid_credits:
            return False
        if self.status != self.Status.CANCELLED and not self.event.cancelled:
            return False
        return (
            self.event.cancelled
            or self.cancel_reason == CANCELLED_BY_STAFF
            or (
                self.cancelled_at is not None
                and self.cancelled_at < self.event.credits_refund_deadline
            )
        )

    @property
    def offer_is_open(self):
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at > timezone.now()
        )

    def cancel_url(self):
        return self.event.full_url_for("cancel", token=self.token)

    def offer_url(self):
        return self.event.full_url_for("offer", token=self.token)

    def leave_url(self):
        return self.event.full_url_for("leave_waiting_list", token=self.token)

    def feedback_url(self):
        return self.event.full_url_for("feedback", token=self.token)

    def qr_image_url(self):
        return self.event.full_url_for("qr", token=self.token)

    def check_in_url(self):
        """Where scanning the QR code of the confirmation mail takes the organiser's phone."""
        from django.urls import reverse

        path = reverse("events_admin:scan", args=[self.event_id, self.token])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class Invitation(SignedIdMixin, models.Model):
    """A member's personal invitation of a contact ("neem een collega-ondernemer mee")."""

    TOKEN_SALT = "events.invitation"  # noqa: S105 - a signing salt, not a secret
    MAX_PER_MEMBER_PER_EVENT = 10

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    email = models.EmailField(_("e-mailadres"))
    note = models.TextField(_("persoonlijke noot"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("aanmelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "inviter", "email"], name="events_one_invitation_per_contact"
            )
        ]

    def __str__(self):
        return f"{self.inviter} → {self.email}"

    @classmethod
    def from_token(cls, token):
        pk = cls.pk_from_token(token)
        if pk is None:
            return None
        return cls.objects.filter(pk=pk).select_related("inviter").first()

    def url(self):
        return f"{self.event.get_full_url()}?uitnodiging={self.token}#aanmelden"


class AttendeeMessage(models.Model):
    """A message from the organiser to everyone with a seat, kept for the record."""

    event = models.ForeignKey(
        EventPage, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("onderwerp"), max_length=150)
    body = models.TextField(_("bericht"), max_length=3000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("aantal ontvangers"), default=0)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("bericht aan deelnemers")
        verbose_name_plural = _("berichten aan deelnemers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Feedback(models.Model):
    """How it was, in the attendee's words: the short form of the follow-up mail."""

    class Progress(models.TextChoices):
        YES = "ja", _("Ja")
        A_BIT = "beetje", _("Een beetje")
        NO = "nee", _("Nee")

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("aanmelding"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    progressed = models.CharField(
        _("kwam je een stap verder?"), max_length=6, choices=Progress.choices
    )
    effort = models.PositiveSmallIntegerField(
        _("hoe makkelijk was het (1 = heel moeilijk, 5 = heel makkelijk)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    sentence = models.CharField(_("in één zin"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ervaring na afloop")
        verbose_name_plural = _("ervaringen na afloop")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="events_feedback_score_1_10"
            ),
            models.CheckConstraint(
                condition=Q(effort__gte=1, effort__lte=5), name="events_feedback_effort_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.registration} · {self.score}"


OFFER_HOLD = timedelta(hours=48)
