"""The community app's panels on the member's home (``MEMBER_HOME_PANELS``): the communities the
member belongs to, each with what moved since their last visit, and the communities of the themes
of meetups they just went to."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from events.member_home import attended_theme_ids
from loket.core import registry
from loket.core.hooks import MemberPanel

from .models import CommunityIndexPage, CommunityPage, Membership
from .services.suggestions import suggest_communities

LIMIT = 8
SUGGESTION_LIMIT = 3


def _unread_q() -> Q:
    """Visible threads with activity since the member last looked (or since joining)."""
    return Q(
        community__threads__is_hidden=False,
        community__threads__last_activity_at__gt=Coalesce(
            F("last_visit_at"), F("joined_at"), F("requested_at")
        ),
    )


def my_communities(*, user: Any, site: Any = None) -> MemberPanel:
    """The member's communities (and open requests) with unread counts: one query, two when
    there are none (the empty line links to the communities of the member's region)."""
    memberships = list(
        Membership.objects.filter(
            member=user,
            status__in=(Membership.Status.MEMBER, Membership.Status.REQUESTED),
            community__live=True,
        )
        .select_related("community")
        .defer("community__body")
        .annotate(unread=Count("community__threads", filter=_unread_q()))
        .order_by("status", "-unread", "community__title", "pk")[:LIMIT]
    )
    for membership in memberships:  # requests see no threads yet
        if membership.status != Membership.Status.MEMBER:
            membership.unread = 0
    context: dict[str, Any] = {"memberships": memberships}
    if not memberships:
        index = registry.in_site(CommunityIndexPage.objects.live(), site).first()
        context["index_url"] = index.url if index else ""
    return MemberPanel(
        "communities-mine",
        "groups",
        _("Je communities"),
        "community/includes/home_communities.html",
        context,
        order=10,
        empty=not memberships,
    )


def after_meetup(*, user: Any, site: Any = None) -> MemberPanel | None:
    """Communities of the themes of meetups the member just went to, that they are not in yet:
    two queries. Nothing when they went to none."""
    theme_ids = attended_theme_ids(user)
    if not theme_ids:
        return None
    mine = Membership.objects.filter(member=user).values("community_id")
    communities = list(
        registry.in_site(CommunityPage.objects.live().public(), site)
        .filter(themes__in=theme_ids)
        .exclude(pk__in=mine)
        .defer_streamfields()
        .distinct()
        .order_by("title", "pk")[:SUGGESTION_LIMIT]
    )
    if not communities:
        return None
    return MemberPanel(
        "communities-after-meetup",
        "groups",
        _("Past bij je laatste bijeenkomst"),
        "community/includes/home_after_meetup.html",
        {"communities": communities},
        order=30,
    )


def suggested_communities(user: Any, site: Any = None, limit: int = SUGGESTION_LIMIT) -> list:
    """Up to ``limit`` communities for ``user``, each with its reason, and the link to more."""
    index = registry.in_site(CommunityIndexPage.objects.live(), site).first()
    if index is None:
        return []
    found = suggest_communities(user, limit)
    if not found:
        return []
    return [{"suggestions": found, "more_url": index.url + index.reverse_subpage("suggestions")}]


def suggestions(*, user: Any, site: Any = None) -> MemberPanel | None:
    """ "Communities voor jou": matched on sector, size, region and themes (``suggestions``)."""
    items = suggested_communities(user, site=site, limit=SUGGESTION_LIMIT)
    if not items:
        return None
    return MemberPanel(
        "communities-for-you",
        "groups",
        _("Communities voor jou"),
        "community/includes/member_panel.html",
        {"items": items},
        order=50,
    )


def communities_of_event(registration: Any) -> list[dict[str, str]]:
    """For the follow-up mail: public communities of the meetup's themes, in its region, that the
    member is not in yet, as ``{"title", "url"}`` (full URLs)."""
    event = registration.event
    site = event.get_site()
    mine = Membership.objects.filter(member=registration.user).values("community_id")
    communities = (
        registry.in_site(CommunityPage.objects.live().public(), site)
        .filter(themes__in=event.themes.all())
        .exclude(pk__in=mine)
        .defer_streamfields()
        .distinct()
        .order_by("title", "pk")[:SUGGESTION_LIMIT]
    )
    return [{"title": c.title, "url": c.get_full_url()} for c in communities]
