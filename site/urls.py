"""URLs: Django views for accounts, search and robots first, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/credits/", include("loket.credits.urls")),
    path("account/meldingen/", include("loket.notifications.urls")),
    path("account/", include("loket.accounts.urls")),
    path("", include("loket.mail.urls")),
    path("", include("loket.intake.urls")),
    path("", include("loket.satisfaction.urls")),
    path("", include("loket.partners.urls")),
    # The Tip een ander page and referral links; the one place the site's URLs name a later app.
    path("", include("campaigns.urls")),
    path("", include("campaigns.attribution.urls")),
    path("", include("loket.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "loket.core.views.page_not_found"
handler500 = "loket.core.views.server_error"
