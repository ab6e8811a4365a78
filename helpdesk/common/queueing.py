"""Queueing Celery tasks from services without letting a broker outage undo (or hide) a change
that is already committed.

A service queues its follow-up work (routing, an order's dispatch, a mail) after its transaction
commits. If Redis is down at that moment, Celery retries the publish a few times
(``CELERY_TASK_PUBLISH_RETRY_POLICY``: about four seconds in all, enough to ride out a restart);
if it still cannot, the change stands and the request answers as it should: the task is logged
as not queued and the periodic sweeps find the work again from PostgreSQL (routing, chat
offers, orders, SLA scans: docs/operations.md, "Faults"). Mail has no sweep: a mail not queued
is logged with its task and arguments, for an operator to see.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Queue ``task`` now; False (logged) when the broker could not take it."""

    def publish():
        task.apply_async(
            args, kwargs, retry=True, retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        )

    if task.app.conf.task_always_eager:  # tests: the task runs here, its errors propagate
        publish()
        return True
    error: Exception | None = None
    for attempt in (1, 2):
        try:
            publish()
            return True
        except OperationalError as exc:  # unreachable through every retry of the policy
            error = exc
            break
        except Exception as exc:
            # kombu's Redis transport can fail with AttributeError when another thread's
            # reconnect closed the pooled channel this publish picked (seen in the scale bench
            # during a Redis restart): one more try takes a fresh channel.
            error = exc
            if attempt == 2:
                break
    logger.error("task not queued: %s args=%r kwargs=%r", task.name, args, kwargs, exc_info=error)
    return False


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
