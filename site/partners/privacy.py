"""The member's part of "download my data" and "delete my account" (AVG): the handovers of
their intake requests and the desk's follow-up calls about them."""

from django.db.models import Q

from loket.accounts.privacy import iso

from .models import FollowUp, Handover


def _follow_ups(user):
    return FollowUp.objects.filter(Q(intake__user=user) | Q(email__iexact=user.email))


def export_partner_data(user):
    handovers = Handover.objects.filter(intake__user=user).order_by("created_at", "pk")
    follow_ups = _follow_ups(user).order_by("due_on", "pk")
    return {
        "overdrachten": [
            {
                "overgedragen_op": iso(row.created_at),
                "aan": row.contact_name,
                "organisatie": row.organisation_name,
                "akkoord_tekst": row.consent_text,
                "akkoord_op": iso(row.consented_at),
                "contact_bevestigd_op": iso(row.confirmed_at),
            }
            for row in handovers
        ],
        "nabellen": [
            {
                "na": row.get_kind_display(),
                "nabellen_op": row.due_on.isoformat(),
                "uitkomst": row.get_outcome_display() if row.outcome else "",
                "toelichting": row.note,
                "gebeld_op": iso(row.done_at),
            }
            for row in follow_ups
        ],
    }


def erase_partner_data(user, keep_content):
    """Handovers and follow-ups are never public: they go, whatever the member chose."""
    _follow_ups(user).delete()
    Handover.objects.filter(intake__user=user).delete()


def erase_with_erased_intakes():
    """What belonged to intake requests erased since (a non-member's, past the retention): the
    follow-ups hold their name and number, the handovers their consent. Safe to run twice."""
    follow_ups, _ = FollowUp.objects.filter(intake__erased_at__isnull=False).delete()
    handovers, _ = Handover.objects.filter(intake__erased_at__isnull=False).delete()
    return follow_ups + handovers
