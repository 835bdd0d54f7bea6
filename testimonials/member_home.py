"""The testimonials app's panels on the member's home (``MEMBER_HOME_PANELS``): what the editors
wait for (a question to answer, a quote edit to agree to), the member's experiences, and their past
meetups with "Deel je ervaring" where they have not shared one yet."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from events.member_home import recently_attended
from loket.core import registry
from loket.core.hooks import MemberPanel

from .models import Experience, Status, TestimonialsIndexPage
from .services.sharing import share_token

EXPERIENCE_LIMIT = 5
PAST_LIMIT = 5
PAST_WINDOW_DAYS = 365


def _route(index, name, **kwargs) -> str:
    return index.url + index.reverse_subpage(name, kwargs=kwargs or None).lstrip("/")


def member_home_panels(*, user: Any, site: Any = None) -> list[MemberPanel]:
    """Four queries at most, whatever the number of experiences and meetups."""
    index = registry.in_site(TestimonialsIndexPage.objects.live(), site).first()
    if index is None:
        return []
    experiences = list(
        Experience.objects.of_contributor(user)
        .select_related("event")
        .defer("event__body", "story")
        .order_by("-created_at", "-pk")
    )
    panels = []
    waiting = [
        e
        for e in experiences
        if e.status == Status.QUESTION or (e.has_pending_quote_edit and e.status != Status.REJECTED)
    ]
    for experience in experiences:
        experience.manage_url = _route(index, "manage", token=experience.token)
    if waiting:
        panels.append(
            MemberPanel(
                "testimonials-waiting",
                "waiting",
                _("Over je ervaring"),
                "testimonials/includes/home_waiting.html",
                {"experiences": waiting},
                order=20,
            )
        )
    panels.append(
        MemberPanel(
            "testimonials-mine",
            "experiences",
            _("Je ervaringen"),
            "testimonials/includes/home_experiences.html",
            {
                "experiences": experiences[:EXPERIENCE_LIMIT],
                "count": len(experiences),
                "mine_url": _route(index, "mine"),
                "share_url": _route(index, "share"),
            },
            order=10,
        )
    )
    shared_events = {e.event_id for e in experiences if e.event_id}
    past = list(recently_attended(user, days=PAST_WINDOW_DAYS)[:PAST_LIMIT])
    share_url = _route(index, "share")
    for registration in past:
        event = registration.event
        registration.shared = event.pk in shared_events
        if not registration.shared:
            token = share_token(event, user.email)
            registration.share_url = f"{share_url}?{urlencode({'link': token})}"
    panels.append(
        MemberPanel(
            "testimonials-past-meetups",
            "past",
            _("Waar je was"),
            "testimonials/includes/home_past_meetups.html",
            {"registrations": past},
            order=10,
            empty=not past,
        )
    )
    return panels
