"""Celery tasks of the outbox: thin wrappers around ``loket.mail.services``."""

from celery import shared_task

from django.conf import settings

from . import services


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    # Back-off in minutes, not Celery's default seconds: eight tries then span about two hours,
    # so an SMTP outage of a few minutes delays mail instead of marking it failed.
    retry_backoff=services.RETRY_BASE_SECONDS,
    retry_backoff_max=services.RETRY_MAX_SECONDS,
    max_retries=settings.MAIL_MAX_ATTEMPTS,
    acks_late=True,
)
def deliver_mail(self, mail_id):
    # Safe to run twice: services.deliver locks the row and skips it once sent.
    services.deliver(mail_id)


@shared_task
def resend_stuck_mail():
    return services.resend_stuck()
