"""``/fitheidscan/``: the scan's one page, which routes the questions, the result and what a
visitor does with it to the views (``community.scan.views``), which never import it back."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin

from ..blocks import AdviceStreamBlock, QuestionsBlock
from ..views import results, taking

MIN_QUESTIONS = 5
MAX_QUESTIONS = 20


class ScanPage(RoutablePageMixin, RouteUrlMixin, SeoMixin, Page):
    """The fitheidscan of a region: questions, answers, weights and advice, all edited here."""

    intro = models.TextField(_("introductie"), max_length=600, blank=True)
    questions = StreamField(QuestionsBlock(), verbose_name=_("vragen"), blank=True)
    advice = StreamField(AdviceStreamBlock(), verbose_name=_("advies per thema"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("advice"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("fitheidscan")
        verbose_name_plural = _("fitheidscans")

    def clean(self):
        super().clean()
        count = len(self.questions)
        if count and not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
            raise ValidationError(
                {
                    "questions": _("Een scan heeft tussen de %(low)s en %(high)s vragen.")
                    % {"low": MIN_QUESTIONS, "high": MAX_QUESTIONS}
                }
            )

    @path("", name="index")
    def index_route(self, request):
        return taking.scan(request, self)

    @path("resultaat/<str:token>/", name="result")
    def result_route(self, request, token):
        return results.result(request, self, token)

    @path("resultaat/<str:token>/bewaren/", name="save")
    def save_route(self, request, token):
        return results.save(request, self, token)

    @path("resultaat/<str:token>/mailen/", name="mail")
    def mail_route(self, request, token):
        return results.mail(request, self, token)

    @path("resultaat/<str:token>/aanmelden/", name="signup")
    def signup_route(self, request, token):
        return results.sign_up(request, self, token)

    def get_sitemap_urls(self, request=None):
        # Only the scan itself; results are personal and never listed.
        return super().get_sitemap_urls(request)
