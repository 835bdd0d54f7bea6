"""Shared ground of the partners services: the error, and which region a staff member works in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.models import Site

from loket.accounts.services.roles import ALL_REGIONS, staff_site_ids

if TYPE_CHECKING:
    from loket.accounts.models import User


class PartnerError(Exception):
    """A step that cannot be done; ``message`` is Dutch and meant for the screen."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def staff_sites(user: User) -> list[Site] | None:
    """The regions ``user`` works in through a regional group, or ``None`` for national staff
    (a platform-wide group or a superuser): they see every region."""
    ids = staff_site_ids(user)
    if ids is ALL_REGIONS:
        return None
    return list(Site.objects.filter(pk__in=ids).order_by("pk"))


def region_of(
    *, intake: Any = None, organisation: Any = None, by: User | None = None
) -> Site | None:
    """The region a handover or follow-up belongs to: the request's own (once intake requests
    know their region), else the partner's, else the one region of the staff member."""
    site = getattr(intake, "site", None) if intake is not None else None
    if site is None and organisation is not None:
        site = organisation.site
    if site is None and by is not None:
        sites = staff_sites(by)
        if sites and len(sites) == 1:
            site = sites[0]
    return site
