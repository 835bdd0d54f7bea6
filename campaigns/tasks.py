from celery import shared_task

from . import services


@shared_task
def erase_referral_addresses():
    """Daily: forget tipped addresses that can no longer qualify. Safe to run twice."""
    return services.erase_addresses()
