"""Admin: the menu item and URLs of the campaign results."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from loket.core.hooks import MEMBER_DATA, SEED_STEPS, MemberData, SeedStep

from . import admin_views, demo, services


@hooks.register("register_admin_urls")
def register_results_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/csv/", admin_views.export_csv, name="csv"),
    ]
    return [
        path(
            "campagneresultaten/",
            include((urls, "attribution_admin"), namespace="attribution_admin"),
        )
    ]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("attribution.view_results")


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Campagneresultaten"),
        reverse("attribution_admin:index"),
        icon_name="doc-full",
        order=263,
    )


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register(MEMBER_DATA)
def attribution_member_data():
    return MemberData("campagnes", export=services.export_touches, erase=services.erase_touches)


@hooks.register(SEED_STEPS)
def attribution_seed_steps():
    return SeedStep("attribution", demo.seed_attribution, label="Campagneresultaten", order=600)
