from celery import shared_task

from . import privacy, services


@shared_task
def alert_unconfirmed_handovers():
    """Hourly: tell the desk of SLA-handovers unconfirmed past the reply time. Safe to run twice."""
    return services.alert_unconfirmed()


@shared_task
def erase_with_erased_intakes():
    """Daily, after the intake app's own erasure: follow-ups and handovers of erased requests."""
    return privacy.erase_with_erased_intakes()
