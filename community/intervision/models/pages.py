"""``/intervisie/``: the one page of intervision, which routes the application form and each group's
confidential space to the views (``community.intervision.views``), which never import it back.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from loket.core.blocks import BaseStreamBlock
from loket.core.models import SeoMixin

from ..views import applications, notes, space


class IntervisionIndexPage(RoutablePageMixin, SeoMixin, Page):
    """``/intervisie/``: what intervision is and which groups take applications."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("meer uitleg"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("intervisie-overzicht")
        verbose_name_plural = _("intervisie-overzichten")

    @path("", name="index")
    def index_route(self, request):
        return applications.index(request, self)

    @path("aanmelden/", name="apply")
    def apply_route(self, request):
        return applications.apply(request, self)

    @path("aanmelding/intrekken/", name="withdraw")
    def withdraw_route(self, request):
        return applications.withdraw(request, self)

    @path("groep/<int:group_id>/", name="group")
    def group_route(self, request, group_id):
        return space.group_space(request, self, group_id)

    @path("groep/<int:group_id>/casus/", name="case")
    def case_route(self, request, group_id):
        return space.submit_case(request, self, group_id)

    @path("groep/<int:group_id>/verlaten/", name="leave")
    def leave_route(self, request, group_id):
        return space.leave(request, self, group_id)

    @path("groep/<int:group_id>/aanwezigheid/<int:session_id>/", name="attendance")
    def attendance_route(self, request, group_id, session_id):
        return space.attendance(request, self, group_id, session_id)

    @path("groep/<int:group_id>/sessie/<int:session_id>/aantekening/", name="note")
    def note_route(self, request, group_id, session_id):
        return notes.add_note(request, self, group_id, session_id)

    @path("groep/<int:group_id>/aantekening/<int:note_id>/verwijderen/", name="note_delete")
    def note_delete_route(self, request, group_id, note_id):
        return notes.delete_note(request, self, group_id, note_id)

    @path("groep/<int:group_id>/sessie/<int:session_id>/actie/", name="action")
    def action_route(self, request, group_id, session_id):
        return notes.add_action(request, self, group_id, session_id)

    @path("groep/<int:group_id>/actie/<int:action_id>/", name="action_done")
    def action_done_route(self, request, group_id, action_id):
        return notes.action_done(request, self, group_id, action_id)

    @path("groep/<int:group_id>/waardering/", name="rate")
    def rate_route(self, request, group_id):
        return space.rate(request, self, group_id)

    @path("sessie/<int:session_id>/ical/", name="session_ics")
    def session_ics_route(self, request, session_id):
        return space.session_ics(request, self, session_id)

    def url_for(self, route_name, request=None, **kwargs):
        return self.get_url(request) + self.reverse_subpage(route_name, kwargs=kwargs).lstrip("/")

    def get_sitemap_urls(self, request=None):
        # Only the explanation itself; group spaces are never listed.
        return super().get_sitemap_urls(request)
