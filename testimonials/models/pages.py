"""The testimonials index page and its routes (``/ervaringen/``).

The routes hand over to ``testimonials.views``, imported here; the views never import this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin

from .. import views
from .ambassadors import Ambassador


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

    # The views live in testimonials.views (imported above); these routes only hand over.
    @path("", name="index")
    def index_route(self, request):
        return views.index(self, request)

    @path("delen/", name="share")
    def share_route(self, request):
        return views.share(self, request)

    @path("mijn/", name="mine")
    def mine_route(self, request):
        return views.mine(self, request)

    @re_path(r"^mijn/(?P<token>[-\w]+)/$", name="manage")
    def manage_route(self, request, token):
        return views.manage(self, request, token)

    @path("ambassadeurs/", name="ambassadors")
    def ambassadors_route(self, request):
        return views.ambassadors(self, request)

    @re_path(r"^ambassadeurs/(?P<slug>[-\w]+)/$", name="ambassador")
    def ambassador_route(self, request, slug):
        return views.ambassador(self, request, slug)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        urls.append(
            {"location": self.full_url_for("ambassadors"), "lastmod": self.last_published_at}
        )
        for slug in Ambassador.objects.public().values_list("slug", flat=True):
            urls.append({"location": self.full_url_for("ambassador", slug=slug)})
        return urls
