"""Celery tasks of the events app: thin wrappers around ``events.services``; safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def send_event_reminders():
    # Safe to run twice: each reminder is claimed per registration before it is queued.
    week, day = services.send_reminders()
    return {"week": week, "day": day}


@shared_task
def expire_event_offers():
    # Safe to run twice: an offer withdrawn once is no longer "aangeboden".
    return services.expire_offers()


@shared_task
def send_event_follow_ups():
    # Safe to run twice: each follow-up is claimed per registration before it is queued.
    came, missed = services.send_follow_ups()
    return {"came": came, "missed": missed}


@shared_task
def purge_event_invitations():
    # Safe to run twice: it only deletes.
    return services.purge_invitations()
