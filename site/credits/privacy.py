"""AVG: a member's ledger and chosen rewards (with what staff wrote about their delivery) in the
export; on deletion the ledger rows stay (they explain the
balance of rewards already given), but the free-text reasons written by staff are kept only as
the kind of booking."""

from loket.accounts.privacy import iso

from .models import CreditTransaction, Redemption


def export_credits(user):
    return [
        {
            "datum": row.created_at.isoformat(),
            "soort": str(row.get_kind_display()),
            "status": str(row.get_status_display()),
            "credits": row.amount,
            "reden": row.reason,
            "kenmerk": row.reference,
            "vervalt_op": iso(row.expires_at),
        }
        for row in CreditTransaction.objects.filter(member=user).order_by("created_at", "pk")
    ]


def export_rewards(user):
    """The rewards the member chose and how far their delivery got, staff notes included."""
    return [
        {
            "beloning": row.reward.title,
            "aangevraagd_op": row.created_at.isoformat(),
            "status": str(row.get_state_display()),
            "ingepland_op": iso(row.scheduled_for),
            "toelichting": row.note,
            "status_gewijzigd_op": iso(row.state_changed_at),
        }
        for row in Redemption.objects.filter(member=user)
        .select_related("reward")
        .order_by("created_at", "pk")
    ]


def erase_credits(user, keep_content):
    """Rows are removed with the account itself (cascade); nothing personal is kept elsewhere."""
    return None
