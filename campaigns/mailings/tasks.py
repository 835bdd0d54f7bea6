"""Celery tasks of mailings: thin wrappers around ``campaigns.mailings.services``.

Each batch enqueues the next one after its transaction committed, on the queue it came from.
"""

from celery import shared_task

from . import services
from .models import MailingStatus


def _next_batch(task, mailing_id):
    delivery = getattr(task.request, "delivery_info", None) or {}
    # A broker outage is logged, not raised: resume_stalled gives the mailing a fresh batch.
    send_mailing_batch.publish([mailing_id], queue=delivery.get("routing_key"))


@shared_task(bind=True)
def start_due_mailings(self):
    # Safe to run twice: a mailing starts under a row lock, only from "ingepland"; a stalled one
    # is resumed with a batch that only takes rows that still wait.
    started = services.start_due()
    resumed = services.resume_stalled()
    for mailing_id in [*started, *resumed]:
        _next_batch(self, mailing_id)
    return {"started": len(started), "resumed": len(resumed)}


@shared_task(bind=True)
def start_mailing(self, mailing_id):
    # Safe to run twice: the second run finds the mailing "bezig" and starts nothing; the extra
    # batch it enqueues only takes rows that still wait.
    mailing = services.start_sending(mailing_id)
    if mailing is not None and mailing.status == MailingStatus.SENDING:
        _next_batch(self, mailing_id)


@shared_task(bind=True, acks_late=True)
def send_mailing_batch(self, mailing_id):
    # Safe to run twice: rows are taken under SKIP LOCKED and the outbox key is per member.
    handled = services.send_batch(mailing_id)
    if handled and services.is_sending(mailing_id):
        _next_batch(self, mailing_id)
    return handled
