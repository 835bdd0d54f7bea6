from datetime import timedelta

from celery import shared_task

from django.utils import timezone

from . import privacy, services


@shared_task
def alert_unconfirmed_handovers():
    """Hourly: tell the desk of SLA-handovers unconfirmed past the reply time. Safe to run twice."""
    return services.alert_unconfirmed()


@shared_task
def ask_after_followed_up_handovers():
    """Daily: the rating question of non-SLA handovers whose follow-up call of the last 30 days
    said there was contact and that were not asked yet (older ones, or ones that can never be
    asked, such as a request without an e-mail address, are not read again every day). Safe to
    run twice (one rating per handover)."""
    since = timezone.now() - timedelta(days=30)
    return services.ask_after_followed_up_handovers(since=since)


@shared_task
def erase_with_erased_intakes():
    """Daily, after the intake app's own erasure: follow-ups and handovers of erased requests."""
    return privacy.erase_with_erased_intakes()
