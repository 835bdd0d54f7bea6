"""What the site package contributes to its own hooks: standard pages in listings, seed steps.

The hooks themselves are documented in ``loket.core.hooks``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from loket.accounts.services.roles import ALL_REGIONS, staff_site_ids
from loket.core import admin_views, demo, pagecache
from loket.core.exports import guard_wagtail_reports
from loket.core.hooks import LISTINGS, SEARCH_SOURCES, SEED_STEPS, ListingProvider, SeedStep
from loket.core.listings import pages_for_tag, pages_for_theme
from loket.core.search_sources import search_sources

# Wagtail's own reports (the site history names members) export safe cells, as ours do.
guard_wagtail_reports()


# The page cache stores a page only when it knows which page was served (and may check it).
hooks.register("before_serve_page", pagecache.remember_page)


@hooks.register(LISTINGS)
def listings():
    label = _("Achtergrond en uitleg")
    template = "includes/listing.html"
    return [
        ListingProvider("by_theme", "pages", label, pages_for_theme, template, order=90),
        ListingProvider("by_tag", "pages", label, pages_for_tag, template, order=90),
    ]


hooks.register(SEARCH_SOURCES, search_sources)


@hooks.register(SEED_STEPS)
def seed_steps():
    return [
        SeedStep("site", demo.seed_site, label="Homepagina en site", order=10),
        SeedStep("settings", demo.seed_settings, label="Site-instellingen", order=20),
        SeedStep("pages", demo.seed_pages, label="Pagina's", order=30),
        SeedStep("admin", demo.seed_admin, label="Beheerder", order=40),
        SeedStep("members", demo.seed_members, label="Voorbeeldleden", order=50),
        # After every app's pages: the groups bound the roles to the region's index pages.
        SeedStep("staff", demo.seed_staff, label="Medewerkers en tweede regio", order=900),
    ]


@hooks.register("register_admin_urls")
def register_regions_url():
    return [path("regios/", admin_views.regions, name="loket_regions")]


class RegionsMenuItem(MenuItem):
    def is_shown(self, request):
        ids = staff_site_ids(request.user)
        return ids is ALL_REGIONS or bool(ids)


@hooks.register("register_admin_menu_item")
def register_regions_menu_item():
    return RegionsMenuItem(_("Regio's"), reverse("loket_regions"), icon_name="site", order=9000)
