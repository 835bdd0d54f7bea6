"""Nabellen: some days after an intake, a speedconsult or a handover the desk calls back.

:func:`schedule_follow_up` is the one way a follow-up is made, by this app (a held intake, a
handover) and by others (a held booking): one per ``source_key``, so calling it twice changes
nothing, and a later contact in the same chain (an intake that is then handed over) moves the
open follow-up to the later date instead of adding a second call.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Site

from loket.intake.models import StatusChange

from ..models import DEFAULT_FOLLOW_UP_DAYS, FollowUp, FollowUpKind, FollowUpSettings, Outcome
from .base import PartnerError
from .rating import ask_after_follow_up

if TYPE_CHECKING:
    from datetime import date, datetime

    from loket.accounts.models import User


def today() -> date:
    """The desk's today (one place, so a test can travel in time)."""
    return timezone.localdate()


def follow_up_days(site: Site | None) -> int:
    """The region's setting (default 14); without a region, the default site's."""
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_FOLLOW_UP_DAYS
    return FollowUpSettings.for_site(site).follow_up_days


def _log(follow_up, action, by, **data):
    # The title names no entrepreneur: the log outlives an erased account.
    title = _("Nabellen %(pk)s") % {"pk": follow_up.pk}
    log(follow_up, action, user=by, title=title, data=data)


def schedule_follow_up(
    *,
    kind: str,
    source_key: str,
    site: Site | None = None,
    intake: Any = None,
    handover: Any = None,
    responsible: User | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    start: datetime | None = None,
) -> FollowUp:
    """The follow-up call for the contact ``source_key`` ("intake:12", "booking:7"), due the
    region's number of days after ``start`` (now). Idempotent per ``source_key``.

    ``intake`` fills in name, e-mail and phone; without one, pass them. ``responsible`` is the
    staff member on whose Nabellen list it lands (none: everyone of the region sees it).
    """
    if kind not in FollowUpKind.values:
        raise PartnerError(_("Onbekende soort contact."), "kind")
    if intake is not None:
        name = name or intake.name
        email = email or intake.email
        phone = phone or intake.phone
    start = start or timezone.now()
    due_on = timezone.localdate(start) + timedelta(days=follow_up_days(site))
    with transaction.atomic():
        found = FollowUp.objects.select_for_update().filter(source_key=source_key).first()
        if found is None:
            try:
                with transaction.atomic():
                    found = FollowUp.objects.create(
                        source_key=source_key,
                        kind=kind,
                        site=site,
                        intake=intake,
                        handover=handover,
                        responsible=responsible,
                        name=(name or _("Onbekend"))[:150],
                        email=email or "",
                        phone=(phone or "")[:20],
                        due_on=due_on,
                    )
            except IntegrityError:
                # The same contact was scheduled at the same moment by another process.
                return FollowUp.objects.get(source_key=source_key)
            _log(found, "loket.partners.follow_up_scheduled", responsible, due_on=str(due_on))
            return found
        if found.done_at is None and (due_on > found.due_on or handover is not None):
            found.due_on = max(due_on, found.due_on)
            found.kind = kind
            found.handover = handover or found.handover
            found.responsible = found.responsible or responsible
            found.save(update_fields=["due_on", "kind", "handover", "responsible"])
            _log(found, "loket.partners.follow_up_moved", responsible, due_on=str(found.due_on))
        return found


def record_outcome(
    follow_up: FollowUp, *, outcome: str, note: str = "", by: User | None = None
) -> FollowUp:
    """Staff called back: the outcome closes the follow-up. A second answer changes nothing.
    The call of a non-SLA handover that says there was contact asks how it went (``rating``)."""
    if outcome not in Outcome.values:
        raise PartnerError(
            _("Kies de uitkomst: opgelost, loopt nog, doorverwezen of geen contact."), "outcome"
        )
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_at is not None:
            raise PartnerError(
                _("Deze nabelafspraak is al afgerond (%(outcome)s); er is niets veranderd.")
                % {"outcome": locked.get_outcome_display().lower()},
                "state",
            )
        locked.outcome = outcome
        locked.note = (note or "").replace("\x00", "").strip()[:500]
        locked.done_at = timezone.now()
        locked.done_by = by
        if by is not None and locked.responsible_id is None:
            locked.responsible = by
        locked.save()
        _log(locked, "loket.partners.follow_up_done", by, outcome=outcome)
    ask_after_follow_up(locked)
    return locked


def follow_ups_for(user, *, sites=None, everyone=False):
    """The open follow-ups on ``user``'s Nabellen list (with ``everyone``: of all staff of
    ``sites``; ``None``: every region), soonest first, with the contact's history loaded."""
    rows = FollowUp.objects.open().select_related(
        "intake__theme", "handover", "responsible", "site"
    )
    if sites is not None:
        rows = rows.filter(site__in=sites)
    if not everyone:
        rows = rows.filter(responsible=user)
    return rows.prefetch_related(
        Prefetch("intake__history", queryset=StatusChange.objects.order_by("created_at", "pk")),
    ).order_by("due_on", "pk")
