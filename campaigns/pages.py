"""Campaign landing pages: ``/campagnes/`` and one ``CampaignPage`` per campaign.

A campaign has a kind (lancering, word of mouth, thema), a period (before its start only staff
see it; after its end it says so kindly and points onwards), a ``code`` that campaign links and
UTM parameters carry, and its own text and image for sharing. The body is a StreamField of
campaign blocks (``campaigns.blocks``); each section names the phase it serves.

A campaign is regional (under a region's ``/campagnes/``) or national: under the one
``NationalCampaignIndexPage``, a page just below the tree's root and outside every region's site.
Only staff with page permissions there (the platform-wide *Communicatie* group) edit it; every
region's campaign index serves it under its own host (``/campagnes/<slug>/``), lists it, and puts
it in its sitemap and search, so its blocks show the visiting region's events, communities and
contact details, and what a visitor does there is counted for that region.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from loket.core import memo
from loket.core.models import SeoMixin

# Phase lives next to the blocks that use it (the blocks cannot import this module).
from .blocks import CampaignStreamBlock, Phase  # noqa: F401

# Phone and desktop: how a campaign is read; the tablet size in between adds little.
PREVIEW_SIZES = [
    {
        "name": "mobile",
        "icon": "mobile-alt",
        "device_width": 375,
        "label": _("Voorbeeld op een telefoon"),
    },
    {
        "name": "desktop",
        "icon": "desktop",
        "device_width": 1280,
        "label": _("Voorbeeld op een computer"),
    },
]


class CampaignKind(models.TextChoices):
    LAUNCH = "lancering", _("Lancering")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    THEME = "thema", _("Thema")


def national_q():
    """Pages whose parent is the national campaign index (a condition for a page queryset)."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    return Q(Exists(NationalCampaignIndexPage.objects.filter(path=parent_path)))


def in_region(pages, site):
    """Campaign ``pages`` that ``site``'s visitors see: its own and the national ones (all of
    them when site is None)."""
    if site is None:
        return pages
    return pages.filter(pages.descendant_of_q(site.root_page) | national_q())


def region_campaign_index(site, request=None):
    """The campaign index of ``site`` (None without one), once per request."""
    if site is None:
        return None
    memo = getattr(request, "_loket_campaign_indexes", None) if request is not None else None
    if memo is not None and site.pk in memo:
        return memo[site.pk]
    index = CampaignIndexPage.objects.live().child_of(site.root_page).first()
    if request is not None:
        request.__dict__.setdefault("_loket_campaign_indexes", {})[site.pk] = index
    return index


class NationalCampaignIndexPage(Page):  # noqa: DJ008 (Page gives __str__)
    """The national campaigns: one page under the tree's root, not part of any region's site.

    It is never served itself; each region's ``/campagnes/`` serves its campaigns.
    """

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1
    preview_modes = []

    class Meta:
        verbose_name = _("landelijke campagnes")
        verbose_name_plural = _("landelijke campagnes")

    def serve(self, request, *args, **kwargs):
        raise Http404

    def get_sitemap_urls(self, request=None):
        return []


def national_campaign_index():
    """The national campaign index, made under the tree's root when missing (demo, tests)."""
    index = NationalCampaignIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(
            instance=NationalCampaignIndexPage(
                title="Landelijke campagnes", slug="landelijke-campagnes", show_in_menus=False
            )
        )
    return index


class CampaignIndexPage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """``/campagnes/``: the campaigns that are running now."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1
    template = "campaigns/pages/campaign_index_page.html"

    class Meta:
        verbose_name = _("campagneoverzicht")
        verbose_name_plural = _("campagneoverzichten")

    def route(self, request, path_components):
        """A campaign (its own or a national one) and its sharing image in one query (Wagtail
        asks for the page, then for its specific kind, then for the image). The region's own
        campaign goes before a national one of the same slug."""
        if path_components:
            campaigns = (
                CampaignPage.objects.filter(self.child_of_q_for_campaigns())
                .filter(slug=path_components[0])
                .select_related("social_image")
                .order_by("-depth")
            )
            campaign = campaigns.first()
            if campaign is not None:
                campaign.show_under(self)
                return campaign.route(request, path_components[1:])
        # Any other child (moved here by hand), or this page itself: Wagtail's own routing.
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # local import: the landing module imports this one
        from .landing import running_campaigns

        context = super().get_context(request, *args, **kwargs)
        campaigns = list(running_campaigns().filter(self.child_of_q_for_campaigns()))
        for campaign in campaigns:
            campaign.show_under(self)
        context["campaigns"] = campaigns
        return context

    def child_of_q_for_campaigns(self):
        """This index's own campaigns and the national ones (a condition for a page queryset)."""
        return Page.objects.child_of_q(self) | national_q()

    def get_sitemap_urls(self, request=None):
        """The index, and the national campaigns as pages of this region (one query)."""
        # local import: the landing module imports this one
        from .landing import running_campaigns

        urls = super().get_sitemap_urls(request)
        national = running_campaigns().filter(national_q()).order_by("path")
        for campaign in national:
            campaign.show_under(self)
            urls.extend(campaign.get_sitemap_urls(request))
        return urls


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

    parent_page_types = ["campaigns.CampaignIndexPage", "campaigns.NationalCampaignIndexPage"]
    subpage_types = []
    template = "campaigns/pages/campaign_page.html"
    ended_template = "campaigns/pages/campaign_ended.html"

    class Meta:
        verbose_name = _("campagnepagina")
        verbose_name_plural = _("campagnepagina's")

    # National campaigns ----------------------------------------------------------------------

    def show_under(self, index):
        """Serve and link this page as part of ``index``'s region (a national campaign only)."""
        if self.depth == index.depth + 1 and self.path.startswith(index.path):
            self._cached_parent_obj = index
        else:
            self._region_index = index
            self._national = True

    @property
    def is_national(self):
        if not hasattr(self, "_national"):
            parent_path = self.path[: -self.steplen]
            self._national = NationalCampaignIndexPage.objects.filter(path=parent_path).exists()
        return self._national

    def get_url_parts(self, request=None):
        """A national campaign has no site of its own: its address is on the region's host that
        shows it, else on the request's (or the default) site, under that region's index."""
        parts = super().get_url_parts(request)
        if parts is not None:
            return parts
        index = getattr(self, "_region_index", None)
        if index is None:
            if not self.is_national:
                return None
            site = Site.find_for_request(request) if request is not None else None
            site = site or Site.objects.filter(is_default_site=True).first()
            index = region_campaign_index(site, request)
        index_parts = index.get_url_parts(request) if index is not None else None
        if index_parts is None:
            return None
        site_id, root_url, index_path = index_parts
        return site_id, root_url, f"{index_path}{self.slug}/"

    def get_ancestors(self, inclusive=False):
        """Served in a region, a national campaign's trail is that region's (breadcrumbs)."""
        index = getattr(self, "_region_index", None)
        if index is None:
            return super().get_ancestors(inclusive)
        ancestors = Page.objects.ancestor_of(index, inclusive=True)
        return ancestors | Page.objects.filter(pk=self.pk) if inclusive else ancestors

    # Period --------------------------------------------------------------------------------------

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.ends_at is not None and self.ends_at <= (now or timezone.now())

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.has_started(now) and not self.has_ended(now)

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Het einde moet na de start liggen.")})

    # Sharing -------------------------------------------------------------------------------------

    def get_meta_description(self):
        text = self.og_description or self.search_description or self.intro or ""
        return Truncator(text).chars(200)

    def get_share_title(self):
        return self.og_title or self.seo_title or self.title

    def get_view_restrictions(self):
        # Wagtail checks them before serving: from the restrictions the page's listings share.
        restrictions = memo.restrictions_for(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    # Preview and serving -------------------------------------------------------------------------

    @property
    def preview_sizes(self):
        return PREVIEW_SIZES

    @property
    def default_preview_size(self):
        return "mobile"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One address for everybody: never the visited URL with its UTM parameters, which would
        # make every visitor's HTML different and leak the parameters into shared links.
        context["canonical_url"] = self.get_full_url(request)
        return context

    def serve(self, request, *args, **kwargs):
        """Before the start only editors see the page (uncached); after the end a kind notice."""
        # local import: the landing module imports this one
        from .landing import can_edit, where_next

        now = timezone.now()
        if not self.has_started(now):
            if not can_edit(request.user, self):
                raise Http404
            response = super().serve(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if self.has_ended(now):
            request.is_preview = False
            context = self.get_context(request, *args, **kwargs)
            context.update(where_next(self, request))
            return TemplateResponse(request, self.ended_template, context)
        return super().serve(request, *args, **kwargs)

    # Sitemap and search: only while it runs ------------------------------------------------------

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_running() else []

    @classmethod
    def get_indexed_objects(cls):
        # A campaign enters the search index once it has started (publish at its start with
        # Wagtail's go-live, or run update_index); before that nobody may find it.
        return super().get_indexed_objects().filter(starts_at__lte=timezone.now())
