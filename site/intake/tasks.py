from celery import shared_task

from . import services


@shared_task
def erase_expired_intake_requests():
    """Daily: erase requests of non-members past INTAKE_RETENTION_DAYS. Safe to run twice."""
    return services.erase_expired()
