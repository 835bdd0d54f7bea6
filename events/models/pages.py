"""The agenda page and the event page: their fields, panels and routes.
Each route hands over to a view module of ``events.views``, which gets the page as an argument."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from events.views import event_page, links, listing, signup
from loket.accounts.models import Province
from loket.core.blocks import BaseStreamBlock
from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin

from .choices import EventFormat, EventType
from .speakers import EventPageTag
from .state import EventPageManager, EventStateMixin


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

    @path("", name="index")
    def index_route(self, request):
        return listing.agenda(request, self, archive=False)

    @path("archief/", name="archive")
    def archive_route(self, request):
        return listing.agenda(request, self, archive=True)

    @path("ical/", name="feed")
    def feed_route(self, request):
        return listing.agenda_feed(request, self)


class EventPage(EventStateMixin, RouteUrlMixin, RoutablePageMixin, SeoMixin, Page):
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

    @path("aanmelden/", name="register")
    def register_route(self, request):
        return signup.register(request, self)

    @re_path(r"^afmelden/(?P<token>[-\w]+)/$", name="cancel")
    def cancel_route(self, request, token):
        return links.cancel(request, self, token)

    @re_path(r"^plek/(?P<token>[-\w]+)/$", name="offer")
    def offer_route(self, request, token):
        return links.offer(request, self, token)

    @re_path(r"^wachtlijst/(?P<token>[-\w]+)/$", name="leave_waiting_list")
    def leave_waiting_list_route(self, request, token):
        return links.leave_waiting_list(request, self, token)

    @re_path(r"^ervaring/(?P<token>[-\w]+)/$", name="feedback")
    def feedback_route(self, request, token):
        return links.feedback(request, self, token)

    @path("uitnodigen/", name="invite")
    def invite_route(self, request):
        return signup.invite(request, self)

    @re_path(r"^qr/(?P<token>[-\w]+)/$", name="qr")
    def qr_route(self, request, token):
        return event_page.qr_code(request, self, token)

    @path("ical/", name="ical")
    def ical_route(self, request):
        return event_page.event_ical(request, self)

    def __str__(self):
        return self.title

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
        form = kwargs.pop("registration_form", None)
        invite_form = kwargs.pop("invite_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(
            event_page.event_page_context(request, self, form=form, invite_form=invite_form)
        )
        return context

    def get_social_image(self):
        return self.social_image or self.image
