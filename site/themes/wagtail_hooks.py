"""Staff edit the themes as a snippet: listed in their own order, reorderable by dragging."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.themes.models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thema's")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "description", "colour"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]
    sort_order_field = "sort_order"
    copy_view_enabled = False


register_snippet(ThemeViewSet)
