"""Celery tasks of the outbox: thin wrappers around ``loket.mail.services``."""

from celery import current_app, shared_task

from django.conf import settings
from django.db import DatabaseError

from . import services
from .models import OutgoingMail


def _without_broker(task):
    return task.request.is_eager or current_app.conf.task_always_eager


# No autoretry: the row says when the next try is due, and a retry is scheduled for exactly then.
# Without jitter nothing Celery adds can fire a retry before the row's next_attempt_at.
@shared_task(bind=True, acks_late=True, max_retries=None, retry_jitter=False)
def deliver_mail(self, mail_id):
    # Safe to run twice, and early: services.deliver locks the row, skips it once sent and
    # leaves it alone until its next_attempt_at.
    try:
        mail = services.deliver(mail_id)
    except DatabaseError as exc:
        if _without_broker(self):
            raise  # the row is still queued: resend_stuck_mail picks it up
        # Nothing was recorded on the row, so wait the usual back-off and try again.
        raise self.retry(
            exc=exc,
            countdown=services.retry_delay(self.request.retries + 1).total_seconds(),
            max_retries=settings.MAIL_MAX_ATTEMPTS,
        ) from exc
    if mail is None or mail.status != OutgoingMail.Status.QUEUED:
        return
    if _without_broker(self):
        # A retry here would run at once, inside the request, and burn every attempt in one SMTP
        # outage. The row stays queued with its next_attempt_at; resend_stuck_mail sends it then.
        return
    raise self.retry(countdown=services.seconds_until(mail.next_attempt_at))


@shared_task(bind=True, acks_late=True, max_retries=None, retry_jitter=False)
def deliver_mails(self, mail_ids):
    """A mailing's batch of outbox rows, over one SMTP connection.

    Safe to run twice: each row is claimed under its lock and skipped once sent. A row that is
    put back in the queue by a transient error gets a single-row task for its next try.
    """
    try:
        mails = services.deliver_many(mail_ids)
    except DatabaseError as exc:
        if _without_broker(self):
            raise  # the rows are still queued: resend_stuck_mail picks them up
        raise self.retry(
            exc=exc,
            countdown=services.retry_delay(self.request.retries + 1).total_seconds(),
            max_retries=settings.MAIL_MAX_ATTEMPTS,
        ) from exc
    if _without_broker(self):
        return
    for mail in mails:
        if mail is not None and mail.status == OutgoingMail.Status.QUEUED:
            deliver_mail.apply_async(
                args=[mail.pk], countdown=services.seconds_until(mail.next_attempt_at)
            )


@shared_task
def resend_stuck_mail():
    return services.resend_stuck()


@shared_task
def drop_old_mail_bodies():
    # Safe to run twice: a blanked row no longer matches.
    return services.drop_old_bodies()
