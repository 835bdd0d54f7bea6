"""Admin of intervision: its snippet viewsets under "Intervisie", the manager's matching round and
its menu item (shown to whoever may manage intervision groups).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views
from .services import MANAGE_PERMISSION
from .viewsets import IntervisionAdminGroup

register_snippet(IntervisionAdminGroup)


@hooks.register("register_admin_urls")
def register_intervision_admin_urls():
    intervision_urls = [path("", admin_views.matching_round, name="matching")]
    return [
        path(
            "intervisie-matching/",
            include((intervision_urls, "intervision_admin"), namespace="intervision_admin"),
        ),
    ]


class MatchingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_intervision_matching_menu_item():
    return MatchingMenuItem(
        _("Matchingronde intervisie"),
        reverse("intervision_admin:matching"),
        icon_name="group",
        order=231,
    )
