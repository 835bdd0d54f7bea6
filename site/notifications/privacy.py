"""AVG: a member's notifications and mail preferences in the export; both go with the account."""

from loket.accounts.privacy import iso

from .models import MailPreference, Notification


def export_notifications(user):
    return [
        {
            "datum": row.created_at.isoformat(),
            "soort": str(row.get_kind_display()),
            "titel": row.title,
            "tekst": row.text,
            "link": row.url,
            "gelezen_op": iso(row.read_at),
        }
        for row in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def export_mail_preferences(user):
    return [
        {"soort": str(row.get_kind_display()), "mail": str(row.get_delivery_display())}
        for row in MailPreference.objects.filter(member=user).order_by("kind")
    ]


def erase_notifications(user, keep_content):
    # The account row stays (anonymised), so nothing cascades: remove them here. Safe twice.
    Notification.objects.filter(recipient=user).delete()
    MailPreference.objects.filter(member=user).delete()
