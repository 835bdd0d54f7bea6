"""The member's part of "download my data" and "delete my account" for intake requests (AVG)."""

from loket.accounts.privacy import iso

from .models import IntakeRequest
from .services import erase_for_member


def export_intake_requests(user):
    rows = (
        IntakeRequest.objects.of_member(user)
        .not_erased()
        .select_related("theme", "booking__slot__adviser")
        .prefetch_related("history")
        .order_by("created_at", "pk")
    )
    return [
        {
            "aangevraagd_op": iso(intake.created_at),
            "naam": intake.name,
            "e-mailadres": intake.email,
            "bedrijf": intake.company,
            "aantal_medewerkers": intake.get_company_size_display() if intake.company_size else "",
            "thema": intake.theme.name if intake.theme_id else None,
            "vraag": intake.question,
            "soort_gesprek": intake.get_kind_display(),
            "voorkeur": intake.get_channel_display(),
            "geboekt_moment": _booking(intake),
            "telefoonnummer": intake.phone,
            "campagne": intake.campaign,
            "status": intake.get_status_display(),
            "ingepland_op": iso(intake.planned_at),
            "gehouden_op": iso(intake.held_at),
            "doorverwezen_naar": intake.referred_to,
            "akkoord_tekst": intake.consent_text,
            "akkoord_op": iso(intake.consented_at),
            "fitheidscan_gedeeld_met_adviseur": (
                {"tekst": intake.scan_share_text, "op": iso(intake.scan_shared_at)}
                if intake.scan_shared_at
                else None
            ),
            "verloop": [
                {
                    "van": step.get_from_status_display(),
                    "naar": step.get_to_status_display(),
                    "op": iso(step.created_at),
                }
                for step in intake.history.all()
            ],
        }
        for intake in rows
    ]


def _booking(intake):
    booking = getattr(intake, "booking", None)
    if booking is None:
        return None
    return {
        "begint_om": iso(booking.slot.starts_at),
        "duur_minuten": booking.slot.duration_minutes,
        "vorm": booking.slot.get_format_display(),
        "adviseur": booking.slot.adviser.name,
        "geboekt_op": iso(booking.created_at),
        "geannuleerd_op": iso(booking.released_at),
    }


def erase_intake_requests(user, keep_content):
    """Whatever the member chose for their public content: a request is never public, so its
    personal data goes; the anonymous remainder counts for the desk's figures."""
    erase_for_member(user)
