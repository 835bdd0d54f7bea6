"""The events app's panels on the member's home (``MEMBER_HOME_PANELS``): the meetups ahead, with
cancel and ``.ics``, and a seat offered from the waiting list. Past meetups are testimonials'
panel, since it knows whether the member already shared their experience."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import registry
from loket.core.hooks import MemberPanel

from .models import EventIndexPage, Registration

UPCOMING_LIMIT = 8


def _registrations(user):
    return (
        Registration.objects.filter(user=user, event__live=True, event__cancelled=False)
        .select_related("event")
        .defer("event__body", "event__intro")
    )


def upcoming_registrations(*, user: Any, site: Any = None) -> MemberPanel:
    """The member's coming meetups (seat or waiting list), soonest first: two queries."""
    now = timezone.now()
    registrations = list(
        _registrations(user)
        .filter(
            event__end__gt=now,
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING),
        )
        .order_by("event__start", "pk")[:UPCOMING_LIMIT]
    )
    context: dict[str, Any] = {"registrations": registrations}
    if not registrations:  # the empty line points to the agenda of the member's region
        agenda = registry.in_site(EventIndexPage.objects.live(), site).first()
        context["agenda_url"] = agenda.url if agenda else ""
    return MemberPanel(
        "events-upcoming",
        "next",
        _("Bijeenkomsten"),
        "events/includes/home_upcoming.html",
        context,
        order=10,
        empty=not registrations,
    )


def waiting_list_offers(*, user: Any, site: Any = None) -> MemberPanel | None:
    """A seat offered from the waiting list that is still open: the member has to say yes."""
    offers = list(
        _registrations(user)
        .filter(
            status=Registration.Status.OFFERED,
            offer_expires_at__gt=timezone.now(),
            event__end__gt=timezone.now(),
        )
        .order_by("offer_expires_at", "pk")
    )
    if not offers:
        return None
    return MemberPanel(
        "events-offers",
        "waiting",
        _("Er is een plek voor je vrij"),
        "events/includes/home_offers.html",
        {"offers": offers},
        order=10,
    )


ATTENDED_WINDOW_DAYS = 90


def recently_attended(user: Any, *, days: int = ATTENDED_WINDOW_DAYS):
    """The meetups ``user`` went to (checked in, or had a seat) that ended in the last ``days``
    days, latest first: later apps suggest what fits their themes ("the loop closes")."""
    now = timezone.now()
    return (
        Registration.objects.filter(
            user=user,
            status=Registration.Status.CONFIRMED,
            event__live=True,
            event__cancelled=False,
            event__end__lte=now,
            event__end__gt=now - timedelta(days=days),
        )
        .select_related("event")
        .order_by("-event__start", "-pk")
    )


def attended_theme_ids(user: Any, *, days: int = ATTENDED_WINDOW_DAYS) -> list[int]:
    """The themes of the meetups ``user`` recently went to, most recent first: one query."""
    rows = (
        recently_attended(user, days=days)
        .filter(event__themes__isnull=False)
        .values_list("event__themes", flat=True)
    )
    return list(dict.fromkeys(rows))
