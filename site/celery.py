"""The Celery app. Tasks are autodiscovered in every installed app's ``tasks`` module.

Every task is a ``LoketTask``: callers enqueue with ``delay_on_commit`` (a task never runs before
the row it reads is committed), and a broker that cannot be reached after the commit is logged,
never raised into the request that saved the work. What was saved waits for its sweep: the
outbox's ``resend_stuck_mail``, the mailings' ``start_due_mailings``.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask

from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings.dev")

logger = logging.getLogger(__name__)

# One quick retry: a request must not wait on a broker that is down; the sweep sends later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


class LoketTask(DjangoTask):
    """A task whose publishing never fails its caller: see ``publish``."""

    def publish(self, args: tuple | list | None = None, kwargs: dict | None = None, **options):
        """``apply_async`` that logs a failure to reach the broker instead of raising it.

        Returns the ``AsyncResult``, or ``None`` when the broker could not be reached. Only for
        work that something sweeps up later (the task's row stays as it was saved).
        """
        options.setdefault("retry_policy", PUBLISH_RETRY_POLICY)
        try:
            return self.apply_async(args, kwargs, **options)
        except Exception:  # noqa: BLE001 - any publish failure: the row waits for the sweep
            logger.exception(
                "Could not publish task %s%s to the broker; the saved work waits for the sweep.",
                self.name,
                tuple(args or ()),
            )
            return None

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        """``publish`` once the transaction commits (at once outside one)."""
        transaction.on_commit(functools.partial(self.publish, args, kwargs))

    def apply_async_on_commit(
        self, args: tuple | list | None = None, kwargs: dict | None = None, **options: Any
    ) -> None:
        transaction.on_commit(functools.partial(self.publish, args, kwargs, **options))


app = Celery("loket", task_cls=LoketTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
