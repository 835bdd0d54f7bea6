"""Applying for intervision: the groups open for application, a member's groups, applying and
withdrawing an application that still waits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from community.services import CommunityError
from loket.accounts.models import CompanySize, Province, Sector
from loket.sanitize import clean_text

from ..models.groups import DAY_PART_CODES, GroupStatus, IntervisionGroup
from ..models.members import ApplicationStatus, IntervisionApplication
from .base import consent_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wagtail.models import Site

    from loket.accounts.models import User
    from loket.themes.models import Theme

    from .base import Visitor


def open_groups(site: Site | None = None) -> QuerySet[IntervisionGroup]:
    """Forming groups that still take people, with their seat count, for the public page; with
    ``site``, the groups of that region and the national ones."""
    groups = IntervisionGroup.objects.filter(status=GroupStatus.FORMING)
    if site is not None:
        groups = groups.filter(Q(site=site) | Q(site__isnull=True))
    return (
        groups.select_related("theme")
        .annotate(seats_taken=Count("participants", filter=Q(participants__left_at__isnull=True)))
        .order_by("title", "pk")
    )


def groups_of(user: Visitor) -> QuerySet[IntervisionGroup]:
    if not user or not user.is_authenticated:
        return IntervisionGroup.objects.none()
    return (
        IntervisionGroup.objects.filter(
            Q(participants__member=user, participants__left_at__isnull=True) | Q(facilitator=user)
        )
        .select_related("theme")
        .distinct()
    )


def apply(
    member: Visitor,
    *,
    theme: Theme,
    sector: str,
    size_band: str,
    province: str,
    municipality: str,
    question: str,
    availability: Iterable[str],
    consent: bool,
    group: IntervisionGroup | None = None,
    company_name: str = "",
    avoid_companies: str = "",
    site: Site | None = None,
) -> IntervisionApplication:
    """Put ``member`` on the waiting list for a group (``group``) or for matching; ``site`` is
    the region they applied in (the chosen group's region when they chose one)."""
    if not member or not member.is_authenticated:
        raise CommunityError(_("Log in om je aan te melden voor intervisie."), "login")
    if not consent:
        raise CommunityError(
            _("Zonder je toestemming kunnen we je niet aan een groep koppelen."), "invalid"
        )
    availability = sorted(set(availability or ()))
    if not availability or not set(availability) <= DAY_PART_CODES:
        raise CommunityError(_("Kies minstens één dagdeel waarop je kunt."), "invalid")
    if sector not in Sector.values or size_band not in CompanySize.values:
        raise CommunityError(_("Kies je sector en het aantal medewerkers."), "invalid")
    if province not in Province.values:
        raise CommunityError(_("Kies je provincie."), "invalid")
    question = clean_text(question).strip()
    if len(question) < 10:
        raise CommunityError(_("Vertel in een paar zinnen met welke vraag je aan de slag wilt."))
    if group is not None:
        if group.status != GroupStatus.FORMING:
            raise CommunityError(
                _(
                    "Deze groep neemt geen aanmeldingen meer aan. "
                    "Kies 'Match mij' of een andere groep."
                ),
                "conflict",
            )
        taken = group.participants.filter(left_at__isnull=True).count()
        if taken >= group.max_size:
            raise CommunityError(
                _("Deze groep is vol. Kies 'Match mij', dan zoeken we een andere groep voor je."),
                "conflict",
            )
        if group.participants.filter(member=member, left_at__isnull=True).exists():
            raise CommunityError(_("Je zit al in deze groep."), "conflict")
    avoid = "\n".join(
        line for line in (clean_text(x).strip()[:150] for x in avoid_companies.splitlines()) if line
    )[:2000]
    with transaction.atomic():
        if (
            IntervisionApplication.objects.select_for_update()
            .filter(member=member, status=ApplicationStatus.WAITING)
            .exists()
        ):
            raise CommunityError(
                _("Je bent al aangemeld. We laten je weten zodra er een passende groep is."),
                "conflict",
            )
        try:
            with transaction.atomic():
                return _create_application(
                    member,
                    site=group.site if group is not None and group.site_id else site,
                    group=group,
                    theme=theme,
                    sector=sector,
                    size_band=size_band,
                    province=province,
                    municipality=municipality,
                    company_name=company_name,
                    question=question,
                    availability=availability,
                    avoid=avoid,
                )
        except IntegrityError as exc:
            raise CommunityError(
                _("Je bent al aangemeld. We laten je weten zodra er een passende groep is."),
                "conflict",
            ) from exc


def _create_application(
    member,
    *,
    site,
    group,
    theme,
    sector,
    size_band,
    province,
    municipality,
    company_name,
    question,
    availability,
    avoid,
):
    return IntervisionApplication.objects.create(
        site=site,
        member=member,
        group=group,
        theme=theme,
        sector=sector,
        size_band=size_band,
        province=province,
        municipality=clean_text(municipality).strip()[:100],
        company_name=clean_text(company_name).strip()[:150],
        question=question[:1500],
        availability=availability,
        avoid_companies=avoid,
        consent_text=consent_text(),
        consent_at=timezone.now(),
    )


def withdraw(member: User, application: IntervisionApplication) -> None:
    if application.member_id != member.pk or application.status != ApplicationStatus.WAITING:
        raise CommunityError(_("Deze aanmelding kun je niet meer intrekken."), "not_found")
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
