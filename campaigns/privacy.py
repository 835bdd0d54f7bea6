"""AVG: a member's tips (made and received) in the export, and what happens on deletion."""

from loket.accounts.privacy import iso

from .models import Referral, ReferralCode


def export_referrals(user):
    made = [
        {
            "getipt_op": r.created_at.isoformat(),
            "naam": r.name,
            "e_mailadres": r.email,
            "status": str(r.get_status_display()),
            "boodschap": r.note,
        }
        for r in Referral.objects.filter(referrer=user).order_by("created_at", "pk")
    ]
    received = Referral.objects.filter(referred=user).select_related("referrer").first()
    code = ReferralCode.objects.filter(member=user).first()
    return {
        "tipcode": code.code if code else None,
        "op_ranglijst_sinds": iso(code.on_leaderboard_since) if code else None,
        "mijn_tips": made,
        "getipt_door": received.referrer.display_name if received else None,
    }


def erase_referrals(user, keep_content):
    """Addresses and notes of the member's open tips go; the hashes stay so nobody is mailed
    twice. Their code stops working."""
    Referral.objects.filter(referrer=user).exclude(email="").update(email="", name="", note="")
    ReferralCode.objects.filter(member=user).delete()
