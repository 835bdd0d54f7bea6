"""Intervision's panels on the member's home (``MEMBER_HOME_PANELS``): the next sessions of the
member's groups, the groups themselves (or the application that waits for a round), and, after a
meetup, the intervision of its theme. Group content stays in the group's space: the home shows
dates and names only."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from events.member_home import attended_theme_ids
from loket.core import registry
from loket.core.hooks import MemberPanel
from loket.themes.models import Theme

from .models import (
    ApplicationStatus,
    GroupStatus,
    IntervisionApplication,
    IntervisionIndexPage,
    IntervisionParticipant,
    IntervisionSession,
)

SESSION_LIMIT = 4


def _index(site):
    return registry.in_site(IntervisionIndexPage.objects.live(), site).first()


def _urls(index, group_id, session=None) -> dict[str, str]:
    """Links into the group's space (and a session's .ics); none without an intervision page."""
    if index is None:
        return {}
    base = index.url
    urls = {
        "group": base + index.reverse_subpage("group", kwargs={"group_id": group_id}).lstrip("/"),
        "case": base + index.reverse_subpage("case", kwargs={"group_id": group_id}).lstrip("/"),
    }
    if session is not None:
        path = index.reverse_subpage("session_ics", kwargs={"session_id": session})
        urls["ics"] = base + path.lstrip("/")
    return urls


def _participations(user):
    return IntervisionParticipant.objects.filter(
        member=user,
        left_at__isnull=True,
        group__status__in=(GroupStatus.FORMING, GroupStatus.ACTIVE),
    )


def member_home_panels(*, user: Any, site: Any = None) -> list[MemberPanel]:
    """Sessions ahead, the member's groups and the round of an attended meetup's theme: at most
    five queries, whatever the number of groups and sessions."""
    participations = list(_participations(user).select_related("group__theme"))
    waiting = list(
        IntervisionApplication.objects.filter(member=user, status=ApplicationStatus.WAITING)
        .select_related("theme")
        .order_by("-created_at")[:3]
    )
    index = _index(site) if participations or waiting else None
    panels = []
    if participations:
        sessions = list(
            IntervisionSession.objects.filter(
                group_id__in=[p.group_id for p in participations], starts_at__gt=timezone.now()
            )
            .select_related("group")
            .order_by("starts_at", "pk")[:SESSION_LIMIT]
        )
        for session in sessions:
            session.urls = _urls(index, session.group_id, session=session.pk)
        if sessions:
            panels.append(
                MemberPanel(
                    "intervision-sessions",
                    "next",
                    _("Intervisie"),
                    "intervision/includes/home_sessions.html",
                    {"sessions": sessions, "index": index},
                    order=30,
                )
            )
    for participation in participations:
        participation.urls = _urls(index, participation.group_id)
    if participations or waiting:
        panels.append(
            MemberPanel(
                "intervision-groups",
                "groups",
                _("Je intervisiegroep"),
                "intervision/includes/home_groups.html",
                {"participations": participations, "applications": waiting, "index": index},
                order=20,
            )
        )
    else:
        suggestion = _after_meetup(user, site)
        if suggestion is not None:
            panels.append(suggestion)
    return panels


def _after_meetup(user, site) -> MemberPanel | None:
    """Not in a group and not waiting: after a meetup, the intervision of its theme."""
    theme_ids = attended_theme_ids(user)
    if not theme_ids:
        return None
    index = _index(site)
    if index is None:
        return None
    theme = Theme.objects.filter(pk=theme_ids[0]).first()
    if theme is None:
        return None
    return MemberPanel(
        "intervision-after-meetup",
        "groups",
        _("Intervisie over je thema"),
        "intervision/includes/home_after_meetup.html",
        {"theme": theme, "apply_url": f"{index.url_for('apply')}?thema={theme.slug}"},
        order=40,
    )


def apply_url_for_event(registration: Any) -> str:
    """The application form with the meetup's first theme chosen, as a full URL; "" when the
    member is in a group or waiting already, the meetup has no theme or the region no page."""
    user, event = registration.user, registration.event
    if (
        _participations(user).exists()
        or IntervisionApplication.objects.filter(
            member=user, status=ApplicationStatus.WAITING
        ).exists()
    ):
        return ""
    theme = event.themes.order_by("name").first()
    index = _index(event.get_site())
    if theme is None or index is None:
        return ""
    path = index.reverse_subpage("apply").lstrip("/")
    return f"{index.get_full_url()}{path}?thema={theme.slug}"
