"""``seed_demo``: the demo members' notifications (made by the apps' own demo steps, as their
real events would) get a read history: all but the two newest of each member are read."""

from datetime import timedelta

from django.db.models import Count, Q

from .models import Notification

UNREAD_PER_MEMBER = 2
READ_AFTER = timedelta(hours=2)


def seed_notifications(ctx):
    """Safe twice: a member who already has read notifications is left alone."""
    members = (
        Notification.objects.values("recipient_id")
        .annotate(read=Count("pk", filter=Q(read_at__isnull=False)))
        .filter(read=0)
    )
    for row in members:
        rows = Notification.objects.filter(recipient_id=row["recipient_id"]).order_by(
            "-created_at", "-pk"
        )
        older = list(rows.values_list("pk", "created_at")[UNREAD_PER_MEMBER:])
        for pk, created_at in older:
            Notification.objects.filter(pk=pk).update(read_at=created_at + READ_AFTER)
    total = Notification.objects.count()
    unread = Notification.objects.filter(read_at=None).count()
    ctx.note(f"Meldingen: {total}, waarvan {unread} ongelezen (op /account/meldingen/).")
