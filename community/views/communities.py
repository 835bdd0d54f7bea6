"""The community overview, a community's home page, joining and leaving, and "Voor jou"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventPage
from loket.themes.models import Theme

from ..forms import CommunityFilterForm, JoinForm
from ..models.communities import CommunityEvent, Membership
from ..models.discussions import Thread
from ..permissions import request_access
from ..services import CommunityError, membership
from ..services.proposals import proposals_for
from ..services.suggestions import suggestions_for
from .common import community_page_model, error, keep_private, login_url, render

PAGE_SIZE = 12
LATEST_THREADS = 5
UPCOMING_EVENTS = 3


def community_listing(index=None):
    pages = community_page_model().objects.live().public()
    if index is not None:
        pages = pages.child_of(index)
    return (
        pages.defer_streamfields()
        .annotate(
            member_total=Count("memberships", filter=Q(memberships__status="lid"), distinct=True)
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id", "name", "slug")))
        .select_related("image")
        .order_by("title", "pk")
    )


def community_index(index, request):
    themes = list(Theme.objects.only("id", "name", "slug"))
    form = CommunityFilterForm(request.GET, themes=themes)
    values, invalid = form.filters()
    if invalid:
        labels = ", ".join(str(form.fields[name].label).lower() for name in invalid)
        messages.warning(
            request,
            _("We hebben het filter op %(fields)s overgeslagen: die waarde kennen we niet.")
            % {"fields": labels},
        )
    communities = community_listing(index)
    if "thema" in values:
        communities = communities.filter(themes__slug=values["thema"])
    if "regio" in values:
        communities = communities.filter(region=values["regio"])
    if "sector" in values:
        communities = communities.filter(sector=values["sector"])
    page_obj = Paginator(communities, PAGE_SIZE).get_page(request.GET.get("pagina"))
    my_status = {}
    if request.user.is_authenticated:
        my_status = dict(
            Membership.objects.filter(
                member=request.user, community_id__in=[c.pk for c in page_obj.object_list]
            ).values_list("community_id", "status")
        )
    response = index.render(
        request,
        template="community/community_index_page.html",
        context_overrides={
            "filter_form": form,
            "communities": page_obj.object_list,
            "page_obj": page_obj,
            "active_filters": values,
            "my_status": my_status,
            "suggestions_url": index.url_for("suggestions", request),
        },
    )
    if request.user.is_authenticated:
        keep_private(response, request, public=True)
    return response


def suggestions(index, request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    found = suggestions_for(request.user)
    response = index.render(
        request,
        template="community/suggestions.html",
        context_overrides={
            "community_suggestions": found["communities"],
            "member_suggestions": found["members"],
        },
    )
    return keep_private(response, request)


def upcoming_events(community, limit=UPCOMING_EVENTS):
    event_ids = CommunityEvent.objects.filter(community=community).values("event_id")
    return list(
        EventPage.objects.live()
        .filter(pk__in=event_ids, end__gt=timezone.now(), cancelled=False)
        .defer_streamfields()
        .order_by("start")[:limit]
    )


def thread_listing(community):
    return (
        Thread.objects.visible()
        .filter(community=community)
        .select_related("author")
        .annotate(reply_total=Count("replies", filter=Q(replies__is_hidden=False)))
        .order_by("-last_activity_at", "-pk")
    )


def community_home(page, request):
    access = request_access(request, page)
    memberships = Membership.objects.filter(community=page, status=Membership.Status.MEMBER)
    managers = [
        m.member
        for m in memberships.filter(role=Membership.Role.MANAGER)
        .select_related("member")
        .order_by("joined_at", "pk")
    ]
    context = {
        "member_count": memberships.count(),
        "managers": managers,
        "themes": list(page.themes.all()),
        "upcoming_events": upcoming_events(page),
        "latest_threads": list(thread_listing(page)[:LATEST_THREADS]) if access.can_read else [],
        "top_proposals": list(proposals_for(page).filter(status="open")[:3])
        if access.can_read
        else [],
        "join_form": JoinForm() if page.needs_approval else None,
    }
    if access.can_read:
        membership.mark_visited(page, request.user)
    return render(page, request, "community/community_page.html", context)


def join(page, request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    if request.method != "POST":
        if not page.needs_approval:
            return HttpResponseRedirect(page.get_url(request))
        return render(page, request, "community/join.html", {"form": JoinForm()})
    form = JoinForm(request.POST)
    if not form.is_valid():
        return render(page, request, "community/join.html", {"form": form}, status=400)
    try:
        result = membership.join_community(
            page, request.user, motivation=form.cleaned_data["motivation"], request=request
        )
    except CommunityError as exc:
        if exc.code == "invalid":
            form.add_error("motivation", exc.message)
            return render(page, request, "community/join.html", {"form": form}, status=400)
        return error(page, request, exc)
    if result.status == Membership.Status.MEMBER:
        messages.success(
            request,
            _("Welkom bij %(community)s! Stel gerust meteen je eerste vraag.")
            % {"community": page.title},
        )
    else:
        messages.success(
            request,
            _("Dank je wel! Je aanvraag ligt bij de communitymanager; je krijgt bericht per mail."),
        )
    return HttpResponseRedirect(page.get_url(request), status=303)


def leave(page, request):
    if request.method != "POST":
        return HttpResponseRedirect(page.get_url(request))
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    try:
        was_request = membership.leave_community(page, request.user)
    except CommunityError as exc:
        return error(page, request, exc)
    if was_request:
        messages.success(request, _("Je aanvraag is ingetrokken."))
    else:
        messages.success(
            request,
            _("Je bent geen lid meer van %(community)s. Je bent altijd welkom terug.")
            % {"community": page.title},
        )
    return HttpResponseRedirect(page.get_url(request), status=303)
