"""URLs of core: search, sitemap, robots.txt, favicon and CSP reports (before the page tree)."""

from django.urls import path

from loket.core import security, views
from loket.core.sitemaps import section_sitemap, sitemap

app_name = "core"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", section_sitemap, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("csp-rapport/", security.csp_report, name="csp_report"),
]
