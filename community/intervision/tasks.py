"""Celery task of intervision: a thin wrapper around the service; safe to run twice."""

from celery import shared_task

from . import services
from .models import IntervisionIndexPage


# The name stays the one the beat schedule has always used.
@shared_task(name="community.intervision_tasks.send_session_reminders")
def send_session_reminders():
    # Safe to run twice: each mail's key is per session and participant.
    index = IntervisionIndexPage.objects.live().first()
    return services.send_session_reminders(index_url=index.get_full_url() if index else "")
