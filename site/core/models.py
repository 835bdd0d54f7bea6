"""Site-wide page types (home, standard pages, the theme index) and the per-site settings."""

from django import forms
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult

from loket.core import registry
from loket.core.blocks import BaseStreamBlock
from loket.themes.models import Theme


class SeoMixin(models.Model):
    """An Open Graph image next to Wagtail's own SEO title and search description.

    The description falls back to the page's intro so shared links always get a summary.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding bij delen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Verschijnt als de pagina op LinkedIn of in een app wordt gedeeld."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        text = self.search_description or getattr(self, "intro", "") or ""
        return Truncator(text).chars(200)

    def get_social_image(self):
        return self.social_image


class HomePage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    hero_title = models.CharField(_("kop in de bovenkant"), max_length=120)
    hero_intro = models.TextField(_("introductie"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto in de bovenkant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_button_label = models.CharField(_("tekst op de knop"), max_length=60, blank=True)
    hero_button_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("knop verwijst naar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_button_label"),
                PageChooserPanel("hero_button_page"),
            ],
            heading=_("Bovenkant"),
        ),
        FieldPanel("body"),
        InlinePanel("featured_items", heading=_("Uitgelicht"), label=_("uitgelichte pagina")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: each page type says where it may go in its own parent_page_types (every
    # one does), so a later app's index page names "core.HomePage" without this class naming it.

    class Meta:
        verbose_name = _("homepagina")
        verbose_name_plural = _("homepagina's")

    def get_meta_description(self):
        return Truncator(self.search_description or self.hero_intro).chars(200)

    def get_social_image(self):
        return self.social_image or self.hero_image

    def route(self, request, path_components):
        """A page deeper down: its section (agenda, campagnes, …) only routes onwards, so it is
        read without its own fields (one query less); served itself, it is read in full."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        section = self.get_children().filter(slug=path_components[0]).first()
        if section is None:
            raise Http404
        section._cached_parent_obj = self
        deferred = section.specific_deferred
        result = deferred.route(request, path_components[1:])
        if result.page is deferred:  # a routable section serving one of its own views
            full = section.specific
            full._cached_parent_obj = self
            result = RouteResult(full, args=result.args, kwargs=result.kwargs)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_items"] = self.featured_items.select_related("linked_page")
        context["theme_index"] = (
            ThemeIndexPage.objects.child_of(self).live().only("id", "path", "url_path").first()
        )
        context["themes"] = Theme.objects.all() if context["theme_index"] else []
        context["latest_listings"] = registry.collect(
            "latest", limit=3, site=Site.find_for_request(request)
        )
        return context


class HomePageFeaturedItem(Orderable):
    home_page = ParentalKey(HomePage, related_name="featured_items", on_delete=models.CASCADE)
    linked_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("titel"), max_length=120, blank=True, help_text=_("Leeg: de titel van de pagina.")
    )
    text = models.CharField(_("korte tekst"), max_length=250, blank=True)

    panels = [PageChooserPanel("linked_page"), FieldPanel("title"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("uitgelichte pagina")
        verbose_name_plural = _("uitgelichte pagina's")

    def get_title(self):
        return self.title or self.linked_page.title

    def get_text(self):
        return self.text or self.linked_page.search_description


class StandardPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "core.StandardPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class StandardPage(SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    themes = ParentalManyToManyField(
        Theme, blank=True, related_name="standard_pages", verbose_name=_("thema's")
    )
    tags = ClusterTaggableManager(
        through=StandardPageTag,
        blank=True,
        verbose_name=_("trefwoorden"),
        help_text=_("Vrije trefwoorden naast de vaste thema's, bijvoorbeeld 'horeca' of 'btw'."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [
        *SeoMixin.promote_panels,
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standaardpagina")
        verbose_name_plural = _("standaardpagina's")

    @property
    def summary(self):
        return self.search_description or self.intro


class ThemeIndexPage(RoutablePageMixin, SeoMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """``/themas/`` lists the themes; ``/themas/<slug>/`` gathers everything about one theme.

    What a theme page shows comes from the registry (``by_theme``), so the apps that list
    events, communities or cases plug in without this page importing them.
    """

    LISTING_LIMIT = 6

    intro = models.TextField(_("introductie"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("themaoverzicht")
        verbose_name_plural = _("themaoverzichten")

    @cached_property
    def themes(self):
        return list(Theme.objects.all())

    def theme_url(self, theme, request=None):
        return self.get_url(request) + self.reverse_subpage("theme", kwargs={"slug": theme.slug})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = [(theme, self.theme_url(theme, request)) for theme in self.themes]
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for theme in self.themes:
            location = base + self.reverse_subpage("theme", kwargs={"slug": theme.slug})
            urls.append({"location": location, "lastmod": self.last_published_at})
        return urls

    def tag_url(self, tag, request=None):
        return self.get_url(request) + self.reverse_subpage("tag", kwargs={"slug": tag.slug})

    @re_path(r"^trefwoord/(?P<slug>[-\w]+)/$", name="tag")
    def tag_view(self, request, slug):
        """Everything with one free tag, gathered like a theme through the registry."""
        tag = get_object_or_404(Tag, slug=slug)
        return self.render(
            request,
            context_overrides={
                "tag": tag,
                "listings": registry.collect(
                    "by_tag", tag=tag, limit=self.LISTING_LIMIT, site=Site.find_for_request(request)
                ),
            },
            template="themes/tag_detail.html",
        )

    @re_path(r"^(?P<slug>[-\w]+)/$", name="theme")
    def theme_view(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        listings = registry.collect(
            "by_theme", theme=theme, limit=self.LISTING_LIMIT, site=Site.find_for_request(request)
        )
        other_themes = [
            (other, self.theme_url(other, request)) for other in self.themes if other != theme
        ]
        return self.render(
            request,
            context_overrides={
                "theme": theme,
                "listings": listings,
                "other_themes": other_themes,
            },
            template="themes/theme_detail.html",
        )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, social links and footer of one site (one region)."""

    @classmethod
    def for_site(cls, site):
        """The settings of ``site``; unsaved defaults when the request matches no site at all.

        A host that no site answers for (or a database flushed of its sites) must still get the
        account pages and the 404 page, not a 500 from the footer.
        """
        if site is None:
            return cls()
        return super().for_site(site)

    organisation_name = models.CharField(
        _("naam van de organisatie"), max_length=120, default="Ondernemersloket"
    )
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    address = models.TextField(_("adres"), max_length=300, blank=True)
    opening_hours = models.TextField(_("openingstijden"), max_length=300, blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    x_url = models.URLField(_("X"), blank=True)
    footer_text = models.TextField(_("tekst in de voettekst"), max_length=400, blank=True)
    mail_sender_name = models.CharField(
        _("afzender van mail"),
        max_length=120,
        blank=True,
        help_text=_("De naam die leden als afzender zien. Leeg: de naam van de organisatie."),
    )
    mail_sender_address = models.EmailField(
        _("afzendadres van mail"),
        blank=True,
        help_text=_(
            "Een adres op een domein dat voor de mailserver van het platform is ingericht "
            "(SPF/DKIM). Leeg: het adres van het platform."
        ),
    )
    municipalities = models.TextField(
        _("gemeenten van het werkgebied"),
        blank=True,
        help_text=_(
            "Eén gemeente per regel. Wie zich aanmeldt met een bedrijf in een van deze "
            "gemeenten, krijgt dit loket als thuisregio."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacyverklaring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    select_related = ["privacy_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contactgegevens"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
                FieldPanel("x_url"),
            ],
            heading=_("Sociale media"),
        ),
        MultiFieldPanel(
            [FieldPanel("footer_text"), PageChooserPanel("privacy_page")],
            heading=_("Voettekst"),
        ),
        MultiFieldPanel(
            [FieldPanel("mail_sender_name"), FieldPanel("mail_sender_address")],
            heading=_("Mail"),
        ),
        MultiFieldPanel([FieldPanel("municipalities")], heading=_("Werkgebied")),
    ]

    class Meta:
        verbose_name = _("site-instellingen")

    def social_links(self):
        """The filled-in social links as (name, url) pairs, in a fixed order."""
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Instagram", self.instagram_url),
            ("Facebook", self.facebook_url),
            ("YouTube", self.youtube_url),
            ("X", self.x_url),
        ]
        return [(name, url) for name, url in links if url]
