"""Admin: the Tevredenheid view and its menu item; contributions to the account page, the AVG
export and erasure, and seed_demo."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from loket.core.hooks import (
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    SEED_STEPS,
    MemberData,
    MemberPanel,
    SeedStep,
)

from . import admin_views, demo, privacy
from .models import Rating


@hooks.register("register_admin_urls")
def register_satisfaction_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("csv/", admin_views.export_csv, name="csv"),
    ]
    return [
        path(
            "tevredenheid/",
            include((urls, "satisfaction_admin"), namespace="satisfaction_admin"),
        )
    ]


class SatisfactionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("satisfaction.view_dashboard")


@hooks.register("register_admin_menu_item")
def register_satisfaction_menu_item():
    return SatisfactionMenuItem(
        _("Tevredenheid"), reverse("satisfaction_admin:index"), icon_name="pick", order=264
    )


@hooks.register(MEMBER_HOME_PANELS)
def open_ratings_panel(*, user, site=None):
    """ "Wacht op jou" on the member's home: the contacts still to rate (one query); hidden when
    there are none."""
    ratings = list(
        Rating.objects.filter(user=user, answered_at__isnull=True).order_by("-contact_at", "-pk")[
            :5
        ]
    )
    if not ratings:
        return None
    return MemberPanel(
        "tevredenheid",
        "waiting",
        _("Hoe was je contact met ons?"),
        "satisfaction/includes/home_panel.html",
        {"ratings": ratings},
        order=10,
    )


@hooks.register(MEMBER_DATA)
def satisfaction_member_data():
    return MemberData("tevredenheid", export=privacy.export_ratings, erase=privacy.erase_ratings)


@hooks.register(SEED_STEPS)
def satisfaction_seed_steps():
    # After "staff" (900), which builds the second region: both regions get their scores.
    return SeedStep("satisfaction", demo.seed_satisfaction, label="Tevredenheid", order=950)
