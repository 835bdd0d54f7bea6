"""The fitheidscan with a booked or requested intake, for the adviser (``INTAKE_HANDLE_PANELS``).

Staff never see an individual's answers, with one exception: the member ticked at the booking
or request that the adviser may see their last saved scan. Then the staff of that request's
region see it on the request (and its booking) in the admin: the scores, the phase and every
answer as the member read it. Without that consent, for a visitor, or for staff of another
region: nothing, not even that a scan exists.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from loket.accounts.services.roles import staff_site_ids
from loket.core.hooks import IntakePanel

from .models import ScanResult
from .privacy import answers_as_read
from .services import phase_label, theme_scores


def may_see_shared_scan(user: Any, intake: Any) -> bool:
    """Did the member share their scan with this conversation, and does ``user`` work in its
    region? National staff (``None``: every region) see every region's."""
    if intake.scan_shared_at is None or intake.user_id is None or intake.erased_at is not None:
        return False
    regions = staff_site_ids(user)
    return regions is None or intake.site_id in regions


def shared_scan(intake: Any) -> ScanResult | None:
    """The member's last saved scan at the moment they agreed to share it (a later scan was
    not part of what they agreed to)."""
    return (
        ScanResult.objects.filter(
            user_id=intake.user_id,
            saved_at__isnull=False,
            created_at__lte=intake.scan_shared_at,
        )
        .select_related("version")
        .order_by("-created_at", "-pk")
        .first()
    )


def scan_with_intake(request: Any, intake: Any) -> IntakePanel | None:
    if not may_see_shared_scan(request.user, intake):
        return None
    result = shared_scan(intake)
    html = render_to_string(
        "scan/admin/intake_panel.html",
        {
            "intake": intake,
            "result": result,
            "scores": theme_scores(result) if result else [],
            "phase": phase_label(result.phase) if result else "",
            "answers": answers_as_read(result) if result else [],
        },
        request=request,
    )
    return IntakePanel("fitheidscan", html)
