"""What the scan offers to the member's home: their scans over time."""

from django.apps import apps

from loket.core import registry

from . import charts
from .services import member_results


def scan_panel(user=None, site=None, **kwargs):
    """The home panel's items (see ``wagtail_hooks``): the member's scans and a small chart."""
    if user is None or not user.is_authenticated:
        return []
    scan_page = registry.in_site(apps.get_model("scan", "ScanPage").objects.live(), site).first()
    if scan_page is None:
        return []
    results = member_results(user)
    latest = results[0] if results else None
    # Relative to the region the member is on (no request here): links stay on its host.
    base = scan_page.get_url(current_site=site)
    return [
        {
            "count": len(results),
            "latest": latest,
            "latest_url": base
            + scan_page.reverse_subpage("result", kwargs={"token": latest.token}).lstrip("/")
            if latest
            else "",
            "scan_url": base,
            "line": charts.progress_line([r.average for r in reversed(results)]),
            "history": [
                {"date": r.created_at, "average": r.average, "version": r.version.number}
                for r in results
            ],
        }
    ]
