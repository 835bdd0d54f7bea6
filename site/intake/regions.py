"""Which regions (Wagtail sites) a staff member works for, for the booking admin.

National staff (superusers and the platform-wide groups) work for every region; a region's
staff for the regions whose "<rol> — <regio>" groups they are in.
"""

from __future__ import annotations

from wagtail.models import Site

from loket.accounts.services.roles import ROLES, group_name

NATIONAL_GROUPS = {template for _prefix, template in ROLES.values() if template}


def staff_sites(user) -> list[Site]:
    """The sites ``user`` may manage availability and bookings for (cached on the user)."""
    cached = getattr(user, "_intake_staff_sites", None)
    if cached is not None:
        return cached
    sites = list(Site.objects.order_by("-is_default_site", "site_name"))
    if not user.is_authenticated:
        found = []
    else:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser or names & NATIONAL_GROUPS:
            found = sites
        else:
            found = [s for s in sites if any(group_name(s, role) in names for role in ROLES)]
    user._intake_staff_sites = found
    return found


def works_for(user, site_id) -> bool:
    return any(site.pk == site_id for site in staff_sites(user))
