"""Celery tasks of the notifications: thin wrappers around the services; safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def send_notification_digests():
    # Safe to run twice: the mail's key names the member and its newest notification, and the
    # notifications are marked digested in the same transaction.
    return services.send_digests()
