from celery import shared_task

from . import services


@shared_task
def expire_credits():
    """Daily: expire what is due, remind a month ahead. Safe to run twice."""
    return services.expire_credits()
