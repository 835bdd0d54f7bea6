"""The Celery app. Tasks are autodiscovered in every installed app's ``tasks`` module.

Tasks use Celery's DjangoTask, so callers enqueue with ``delay_on_commit`` and a task never
runs before the row it reads is committed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings.dev")

app = Celery("loket", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
