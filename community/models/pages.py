"""The community pages: ``/communities/`` and each community with its own routes.

The routes hand over to ``community.views``, imported here; the views never import this module.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.views import communities, directory, discussions, manage, proposals
from loket.accounts.models import Province, Sector
from loket.core.blocks import BaseStreamBlock
from loket.core.models import SeoMixin
from loket.core.signed import RouteUrlMixin

from .communities import Membership, MembershipPolicy
from .discussions import Thread

# Discussions of one public community listed in the sitemap, newest first.
SITEMAP_THREADS = 500

# Route names on the community page; a child page may never take these slugs.
RESERVED_SLUGS = frozenset({"voor-jou"})


class CommunityIndexPage(RouteUrlMixin, RoutablePageMixin, SeoMixin, Page):
    """``/communities/``: every community, filtered by theme, region and sector."""

    intro = models.TextField(_("introductie"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["community.CommunityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("overzicht van communities")
        verbose_name_plural = _("overzichten van communities")

    @path("", name="index")
    def index_route(self, request):
        return communities.community_index(self, request)

    @path("voor-jou/", name="suggestions")
    def suggestions_route(self, request):
        return communities.suggestions(self, request)


class CommunityPage(RouteUrlMixin, RoutablePageMixin, SeoMixin, Page):
    """One community: who it is for, its house rules, members, discussions and agenda."""

    intro = models.TextField(
        _("introductie"),
        max_length=500,
        help_text=_("Twee of drie zinnen: voor wie is deze community en wat haal je eruit?"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("meer over de community"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ParentalManyToManyField(
        "themes.Theme", verbose_name=_("thema's"), blank=True, related_name="communities"
    )
    region = models.CharField(
        _("regio"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Leeg als de community voor het hele land is."),
    )
    municipality = models.CharField(
        _("plaats"), max_length=80, blank=True, help_text=_("Alleen bij een lokale community.")
    )
    sector = models.CharField(
        _("sectorfocus"),
        max_length=1,
        choices=Sector.choices,
        blank=True,
        help_text=_("Leeg als ondernemers uit elke sector welkom zijn."),
    )
    membership_policy = models.CharField(
        _("lid worden"),
        max_length=12,
        choices=MembershipPolicy.choices,
        default=MembershipPolicy.OPEN,
    )
    is_public = models.BooleanField(
        _("discussies openbaar leesbaar"),
        default=False,
        help_text=_(
            "Aan: iedereen kan de discussies lezen en ze staan in de zoekresultaten. "
            "Uit: alleen leden lezen mee, en niets staat in zoekmachines, sitemap of feeds."
        ),
    )
    house_rules = models.TextField(
        _("huisregels"),
        max_length=2000,
        blank=True,
        default=_(
            "Wees behulpzaam en respectvol. Deel ervaringen, geen reclame. "
            "Wat in de community gedeeld wordt, blijft in de community."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("region"), FieldPanel("municipality")]),
                FieldPanel("sector"),
            ],
            heading=_("Voor wie"),
        ),
        MultiFieldPanel(
            [FieldPanel("membership_policy"), FieldPanel("is_public"), FieldPanel("house_rules")],
            heading=_("Lidmaatschap en huisregels"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = [*SeoMixin.promote_panels, FieldPanel("themes")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("municipality"),
        index.FilterField("region"),
        index.FilterField("sector"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["community.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.title

    # Routes: the views (imported above) live in community.views; these only hand over. ------

    @path("", name="home")
    def home_route(self, request):
        return communities.community_home(self, request)

    @path("lid-worden/", name="join")
    def join_route(self, request):
        return communities.join(self, request)

    @path("opzeggen/", name="leave")
    def leave_route(self, request):
        return communities.leave(self, request)

    @path("discussies/", name="threads")
    def threads_route(self, request):
        return discussions.thread_list(self, request)

    @path("discussies/nieuw/", name="new_thread")
    def new_thread_route(self, request):
        return discussions.new_thread(self, request)

    @path("discussies/<int:thread_id>/", name="thread")
    def thread_route(self, request, thread_id):
        return discussions.thread_detail(self, request, thread_id)

    @path("discussies/<int:thread_id>/reageren/", name="reply")
    def reply_route(self, request, thread_id):
        return discussions.reply(self, request, thread_id)

    @path("discussies/<int:thread_id>/volgen/", name="follow")
    def follow_route(self, request, thread_id):
        return discussions.follow(self, request, thread_id)

    @path("discussies/<int:thread_id>/ik-ook/", name="me_too")
    def me_too_route(self, request, thread_id):
        return discussions.me_too(self, request, thread_id)

    @path("discussies/<int:thread_id>/nuttig/", name="helpful")
    def helpful_route(self, request, thread_id):
        return discussions.mark_helpful(self, request, thread_id)

    @re_path(r"^melden/(?P<kind>vraag|reactie)/(?P<post_id>\d+)/$", name="flag")
    def flag_route(self, request, kind, post_id):
        return discussions.flag(self, request, kind, int(post_id))

    @re_path(r"^bewerken/(?P<kind>vraag|reactie)/(?P<post_id>\d+)/$", name="edit_post")
    def edit_post_route(self, request, kind, post_id):
        return discussions.edit_post(self, request, kind, int(post_id))

    @re_path(r"^verwijderen/(?P<kind>vraag|reactie)/(?P<post_id>\d+)/$", name="delete_post")
    def delete_post_route(self, request, kind, post_id):
        return discussions.delete_post(self, request, kind, int(post_id))

    @re_path(r"^geschiedenis/(?P<kind>vraag|reactie)/(?P<post_id>\d+)/$", name="post_history")
    def post_history_route(self, request, kind, post_id):
        return discussions.post_history(self, request, kind, int(post_id))

    @path("voorbeeld/", name="preview")
    def preview_route(self, request):
        return discussions.preview(self, request)

    @path("onderwerpen/", name="proposals")
    def proposals_route(self, request):
        return proposals.proposal_list(self, request)

    @path("onderwerpen/<int:proposal_id>/stem/", name="vote")
    def vote_route(self, request, proposal_id):
        return proposals.vote(self, request, proposal_id)

    @path("leden/", name="members")
    def members_route(self, request):
        return directory.member_directory(self, request)

    @path("leden/<int:user_id>/bericht/", name="contact")
    def contact_route(self, request, user_id):
        return directory.contact_member(self, request, user_id)

    @path("beheer/", name="dashboard")
    def dashboard_route(self, request):
        return manage.dashboard(self, request)

    @path("beheer/leden/<int:membership_id>/", name="manage_member")
    def manage_member_route(self, request, membership_id):
        return manage.manage_member(self, request, membership_id)

    @re_path(r"^beheer/(?P<kind>vraag|reactie)/(?P<post_id>\d+)/$", name="moderate")
    def moderate_route(self, request, kind, post_id):
        return manage.moderate_post(self, request, kind, int(post_id))

    @path("beheer/onderwerpen/<int:proposal_id>/", name="manage_proposal")
    def manage_proposal_route(self, request, proposal_id):
        return manage.manage_proposal(self, request, proposal_id)

    # Helpers --------------------------------------------------------------------------------

    @property
    def needs_approval(self):
        return self.membership_policy == MembershipPolicy.APPROVAL

    def member_count(self):
        annotated = getattr(self, "member_total", None)
        if annotated is not None:
            return annotated
        return self.memberships.filter(status=Membership.Status.MEMBER).count()

    @classmethod
    def prepare_sitemap(cls, pages, request=None):
        """The newest visible discussions of every public community of the sitemap, in one
        query (``loket.core.sitemaps``): the sitemap stays constant with 1,000 communities."""
        public = [page for page in pages if page.is_public]
        if not public:
            return
        newest = (
            Thread.objects.visible()
            .filter(community__in=public)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("community_id"),
                    order_by=[F("last_activity_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=SITEMAP_THREADS)
            .order_by("community_id", "-last_activity_at", "-pk")
            .values_list("community_id", "pk", "last_activity_at")
        )
        threads = {page.pk: [] for page in public}
        for community_id, pk, last_activity in newest:
            threads[community_id].append((pk, last_activity))
        for page in public:
            page._sitemap_threads = threads[page.pk]

    def get_sitemap_urls(self, request=None):
        """The page itself, and for a public community its visible discussions too."""
        urls = super().get_sitemap_urls(request)
        if not self.is_public or not urls:
            return urls
        base = self.get_full_url(request)
        threads = getattr(self, "_sitemap_threads", None)
        if threads is None:
            threads = (
                Thread.objects.visible()
                .filter(community=self)
                .order_by("-last_activity_at")
                .values_list("pk", "last_activity_at")[:SITEMAP_THREADS]
            )
        for pk, last_activity in threads:
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("thread", kwargs={"thread_id": pk}).lstrip("/"),
                    "lastmod": last_activity,
                }
            )
        return urls

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Deze naam is gereserveerd; kies een andere slug.")})
