"""Admin of the fitheidscan (the staff figures and their menu item), and what the scan
contributes to earlier apps through the hooks of ``loket.core.hooks`` (the member's account
panel, member data, demo, the page in every region)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from loket.accounts.services.roles import ROLE_COMMUNICATIE, ROLE_COMMUNITYMANAGER
from loket.core.hooks import (
    INTAKE_HANDLE_PANELS,
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    REGION_SECTIONS,
    SEED_STEPS,
    MemberData,
    MemberPanel,
    RegionSection,
    SeedStep,
)

from . import admin_views, demo, intake_panel, privacy
from .listings import scan_panel


@hooks.register("register_admin_urls")
def register_scan_admin_urls():
    return [path("fitheidscan-cijfers/", admin_views.figures, name="scan_figures")]


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_scan_figures_menu_item():
    return FiguresMenuItem(
        _("Fitheidscan: cijfers"), reverse("scan_figures"), icon_name="doc-full", order=236
    )


@hooks.register(MEMBER_HOME_PANELS)
def scan_home_panel(*, user, site=None):
    """The member's scans with their progress line, on the home beside their experiences."""
    found = scan_panel(user=user, site=site)
    if not found:
        return None
    return MemberPanel(
        "fitheidscan",
        "experiences",
        _("Jouw fitheidscans"),
        "scan/includes/member_panel.html",
        {"items": found},
        order=50,
    )


@hooks.register(INTAKE_HANDLE_PANELS)
def scan_with_intake(request, intake):
    """The member's shared scan on their intake request, for the region's staff (with consent)."""
    return intake_panel.scan_with_intake(request, intake)


@hooks.register(MEMBER_DATA)
def scan_member_data():
    return MemberData("fitheidscan", export=privacy.export_scans, erase=privacy.erase_scans)


@hooks.register(SEED_STEPS)
def scan_seed_steps():
    return SeedStep("fitheidscan", demo.seed_scan, label="Fitheidscan", order=330)


@hooks.register(REGION_SECTIONS)
def region_sections():
    return RegionSection(
        "fitheidscan",
        "scan.ScanPage",
        demo.scan_page,
        roles=(ROLE_COMMUNITYMANAGER, ROLE_COMMUNICATIE),
        order=35,
    )
