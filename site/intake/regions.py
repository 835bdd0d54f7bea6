"""Which regions (Wagtail sites) a staff member works for, for the booking admin.

National staff (superusers and the platform-wide groups) work for every region; a region's
staff for the regions their groups have permissions in (``loket.accounts.services.roles``, the
one place that works this out).
"""

from __future__ import annotations

from wagtail.models import Site

from loket.accounts.services import roles


def staff_sites(user) -> list[Site]:
    """The sites ``user`` may manage availability and bookings for (cached on the user)."""
    cached = getattr(user, "_intake_staff_sites", None)
    if cached is not None:
        return cached
    found = list(roles.staff_sites(user).order_by("-is_default_site", "site_name"))
    user._intake_staff_sites = found
    return found


def works_for(user, site_id) -> bool:
    return any(site.pk == site_id for site in staff_sites(user))
