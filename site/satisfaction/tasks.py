"""Celery tasks of satisfaction: thin wrappers around the services."""

from celery import shared_task

from . import privacy


@shared_task
def erase_expired_contacts():
    """Daily: a non-member's contact data past INTAKE_RETENTION_DAYS. Safe to run twice."""
    return privacy.erase_expired_contacts()
