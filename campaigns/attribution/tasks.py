"""Beat task: retention of touches, and the sweep of qualified referrals."""

from datetime import timedelta

from celery import shared_task

from django.utils import timezone

from . import services


@shared_task
def purge_attribution():
    """Daily. Safe to run twice: what is gone is not found again, a counted referral is skipped."""
    removed = services.purge_expired()
    removed["qualified"] = services.record_qualified_referrals(
        since=timezone.now() - timedelta(days=2)
    )
    return removed
