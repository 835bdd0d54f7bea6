"""Celery tasks of the accounts app: thin wrappers around ``loket.accounts.services``."""

from celery import shared_task

from . import services


@shared_task
def purge_unverified_accounts():
    # Safe to run twice: the service only deletes what is still unconfirmed and old enough.
    return services.purge_unverified_accounts()
