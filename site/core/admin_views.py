"""Admin views of the site package: the regions overview."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from loket.accounts.services.roles import ALL_REGIONS, staff_site_ids

from . import regions_overview


def regions(request):
    """Every region with its members, staff and the apps' figures; a region's own staff see
    their region's row only."""
    ids = staff_site_ids(request.user)
    if ids is not ALL_REGIONS and not ids:
        raise PermissionDenied
    labels, rows = regions_overview.overview(request.user)
    context = {
        "labels": labels,
        "rows": rows,
        "totals": regions_overview.totals(rows) if len(rows) > 1 else None,
        "national": ids is ALL_REGIONS,
    }
    return TemplateResponse(request, "core/admin/regions.html", context)
