"""Celery tasks of the community app: thin wrappers around the services; safe to run twice."""

from celery import shared_task

from loket.accounts.models import DigestFrequency

from .services import notifications


@shared_task
def notify_reply_followers(reply_id):
    # Safe to run twice: each mail's key is per reply and recipient.
    return notifications.notify_followers(reply_id)


@shared_task
def sweep_reply_notifications():
    # Safe to run twice, and beside a late notify_reply_followers: the keys again.
    return notifications.sweep_reply_notifications()


@shared_task
def send_daily_digests():
    # Safe to run twice: the key is per member and day.
    return notifications.send_digests(DigestFrequency.DAILY)


@shared_task
def send_weekly_digests():
    # Safe to run twice: the key is per member and ISO week.
    return notifications.send_digests(DigestFrequency.WEEKLY)
