"""Staff figures of the fitheidscan: per region the number of scans, the average per theme and
the phase mix. Counts and averages only: no individual's answers are ever shown here."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from .services import region_figures, sites_for_staff
from .services.aggregates import MIN_FOR_AVERAGES

PERMISSION = "scan.view_scan_figures"
PERIODS = {"90": 90, "365": 365, "alles": None}


def figures(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    period = request.GET.get("periode", "365")
    if period not in PERIODS:
        period = "365"
    days = PERIODS[period]
    since = timezone.now() - timedelta(days=days) if days else None
    return TemplateResponse(
        request,
        "scan/admin/figures.html",
        {
            "regions": region_figures(sites_for_staff(request.user), since=since),
            "period": period,
            "periods": [("90", "90 dagen"), ("365", "12 maanden"), ("alles", "Alles")],
            "minimum": MIN_FOR_AVERAGES,
        },
    )
