"""Where the site package's own contacts ask their question: a held intake (``loket.intake``).
Later apps (meetups, intervision) call ``services.request_rating`` from their own code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import Site

from .models import ContactKind
from .services import Contact, request_rating

if TYPE_CHECKING:
    from loket.intake.models import IntakeRequest


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def ask_after_intake(intake: IntakeRequest):
    """The entrepreneur of a held intake or speedconsult gets the question; safe twice (key per
    request)."""
    site = intake.site or default_site()  # requests from before regions: the default site
    if site is None or intake.erased_at is not None or not intake.email:
        return None
    person = intake.user or Contact(email=intake.email, name=intake.name)
    handled_by = intake.handled_by
    speedconsult = getattr(intake, "kind", "") == ContactKind.SPEEDCONSULT
    return request_rating(
        ContactKind.SPEEDCONSULT if speedconsult else ContactKind.INTAKE,
        site=site,
        person=person,
        contact_key=f"intake:{intake.pk}",
        theme=intake.theme,
        adviser=(handled_by.get_full_name() or handled_by.email) if handled_by else "",
        label=str(intake.theme) if intake.theme_id else "",
        responsible=handled_by,
        contact_at=intake.held_at,
    )


def ask_after_handover(handover, *, contact_at=None) -> object | None:
    """Once the contact is known to have happened (an SLA-partner confirmed it; for the other
    tiers, the desk's follow-up call: ``loket.partners.services.rating``), the entrepreneur is
    asked how the handover went; safe twice (key per handover)."""
    intake = handover.intake
    if intake is None or intake.erased_at is not None or not intake.email:
        return None
    site = handover.site or default_site()
    if site is None:
        return None
    return request_rating(
        ContactKind.HANDOVER,
        site=site,
        person=intake.user or Contact(email=intake.email, name=intake.name),
        contact_key=f"handover:{handover.pk}",
        theme=intake.theme,
        adviser=handover.organisation_name,
        label=f"{handover.contact_name}, {handover.organisation_name}",
        responsible=handover.created_by,
        contact_at=contact_at or handover.confirmed_at,
    )
