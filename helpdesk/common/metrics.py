"""The operational gauges of ``/metrics``: work waiting, SLA clocks overdue, the task queues and
when each beat sweep last ran, computed at every scrape (docs/operations.md, "Health and
metrics").

Every web process exports the same figures: they are read from PostgreSQL and Redis at scrape
time by a custom collector (:class:`OperationsCollector`, registered in ``CommonConfig.ready()``,
the same way ``orders/metrics.py`` registers the supplier channels'). A scrape costs two grouped
queries and one Redis round trip, however much work there is.

Series:

- ``helpdesk_work_waiting{queue,kind}``: unresolved items nobody has (status new or open, no
  assignee), per queue slug and kind;
- ``helpdesk_work_oldest_waiting_seconds{queue}``: how long the oldest of them has waited;
- ``helpdesk_sla_overdue_clocks{queue}``: SLA clocks running past their due time (breached, not
  yet met: the scan has flagged them, or will at its next pass);
- ``helpdesk_sla_unhandled_clocks{queue}``: those of them the SLA scan has not handled yet (no
  breach recorded, so no escalation started): above 0 for long means the scan is not running;
- ``helpdesk_task_queue_length{queue}``: messages waiting in each Celery queue on the Redis broker
  (the default queue and those of ``CELERY_TASK_ROUTES``: ``celery``, ``rosters``);
- ``helpdesk_periodic_last_run_timestamp_seconds{task}``: Unix time each beat sweep last finished
  (its beat schedule name), as the task noted it with :func:`note_run`;
- ``helpdesk_metrics_redis_up``: 1 when Redis answered this scrape, 0 when it did not (then the
  two series read from Redis are left out, and the scrape still answers).

Queues (or kinds) with nothing waiting or overdue are left out rather than exported as 0.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.utils import timezone
from kombu.transport.redis import PRIORITY_STEPS, Channel
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from redis.exceptions import RedisError

from .redis import get_redis

logger = logging.getLogger(__name__)

# The beat sweeps whose last run is exported (their CELERY_BEAT_SCHEDULE names).
ROUTING_SWEEP = "route-waiting-items"
SLA_SCAN = "sla-scan"
CHAT_REOFFER_SWEEP = "chat-reoffer-stale"
ORDERS_SWEEP = "orders-sweep"
SWEEPS = (ROUTING_SWEEP, SLA_SCAN, CHAT_REOFFER_SWEEP, ORDERS_SWEEP)


def _last_run_key(name: str) -> str:
    return f"{settings.METRICS_PREFIX}:last_run:{name}"


def note_run(name: str) -> None:
    """Record that the sweep ``name`` just ran (one SET). Never raises: a sweep that did its
    work is not failed for want of a metric."""
    try:
        get_redis().set(_last_run_key(name), f"{time.time():.3f}")
    except Exception:  # Redis down, or anything else: log and go on
        logger.warning("metrics: run of %s not noted", name, exc_info=True)


def broker_queues() -> list[str]:
    """The Celery queues workers take tasks from: the default one and any a route names."""
    names = [getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", None) or "celery"]
    for route in getattr(settings, "CELERY_TASK_ROUTES", {}).values():
        queue = route.get("queue") if isinstance(route, dict) else None
        if queue and queue not in names:
            names.append(queue)
    return names


def _broker_keys(queue: str) -> list[str]:
    """The Redis lists kombu keeps a queue in: the queue's name, and one per priority step."""
    return [queue] + [f"{queue}{Channel.sep}{step}" for step in PRIORITY_STEPS if step]


class OperationsCollector:
    """Reads the database and Redis at every scrape."""

    def describe(self):
        # Names only: registering must not touch the database or Redis (it runs at start-up).
        return list(self._families())

    def _families(self):
        return (
            GaugeMetricFamily(
                "helpdesk_work_waiting",
                "Unresolved work items with no assignee (new or open), by queue and kind.",
                labels=["queue", "kind"],
            ),
            GaugeMetricFamily(
                "helpdesk_work_oldest_waiting_seconds",
                "Age of the oldest unresolved work item with no assignee, by queue.",
                labels=["queue"],
            ),
            GaugeMetricFamily(
                "helpdesk_sla_overdue_clocks",
                "SLA clocks running past their due time, by queue.",
                labels=["queue"],
            ),
            GaugeMetricFamily(
                "helpdesk_sla_unhandled_clocks",
                "SLA clocks past their due time whose breach the SLA scan has not recorded yet.",
                labels=["queue"],
            ),
            GaugeMetricFamily(
                "helpdesk_task_queue_length",
                "Tasks waiting in each Celery queue on the Redis broker.",
                labels=["queue"],
            ),
            GaugeMetricFamily(
                "helpdesk_periodic_last_run_timestamp_seconds",
                "Unix time each beat sweep last finished.",
                labels=["task"],
            ),
            GaugeMetricFamily(
                "helpdesk_metrics_redis_up",
                "1 when Redis answered this scrape, 0 when it did not.",
            ),
        )

    def collect(self):
        waiting, oldest, overdue, unhandled, queue_length, last_run, redis_up = self._families()
        yield from self._from_database(waiting, oldest, overdue, unhandled)
        yield from self._from_redis(queue_length, last_run, redis_up)

    def _from_database(self, waiting, oldest, overdue, unhandled):
        from helpdesk.queues.models import Status, WorkItem
        from helpdesk.sla.models import ClockState, SlaClock

        now = timezone.now()
        try:
            groups = list(
                WorkItem.objects.filter(assignee__isnull=True, status__in=(Status.NEW, Status.OPEN))
                .values("queue__slug", "kind")
                .annotate(n=Count("id"), since=Min("created_at"))
                .order_by("queue__slug", "kind")
                .values_list("queue__slug", "kind", "n", "since")
            )
            late = list(
                SlaClock.objects.filter(state=ClockState.RUNNING, due_at__lt=now)
                .values("item__queue__slug")
                .annotate(n=Count("id"), new=Count("id", filter=Q(breached_at__isnull=True)))
                .order_by("item__queue__slug")
                .values_list("item__queue__slug", "n", "new")
            )
        except DatabaseError:
            logger.warning("metrics: database unavailable", exc_info=True)
            return
        first: dict[str, object] = {}
        for slug, kind, count, since in groups:
            waiting.add_metric([slug, kind], count)
            if slug not in first or since < first[slug]:
                first[slug] = since
        for slug, since in first.items():
            oldest.add_metric([slug], max(0.0, (now - since).total_seconds()))
        for slug, count, new in late:
            overdue.add_metric([slug], count)
            if new:
                unhandled.add_metric([slug], new)
        yield waiting
        yield oldest
        yield overdue
        yield unhandled

    def _from_redis(self, queue_length, last_run, redis_up):
        keys = {queue: _broker_keys(queue) for queue in broker_queues()}
        try:
            # The broker is the app's Redis (CELERY_BROKER_URL = REDIS_URL): one round trip.
            with get_redis().pipeline(transaction=False) as pipe:
                for queue_keys in keys.values():
                    for key in queue_keys:
                        pipe.llen(key)
                pipe.mget([_last_run_key(name) for name in SWEEPS])
                *lengths, stamps = pipe.execute()
        except RedisError:
            logger.warning("metrics: Redis unavailable", exc_info=True)
            redis_up.add_metric([], 0)
            yield redis_up
            return
        start = 0
        for queue, queue_keys in keys.items():
            queue_length.add_metric([queue], sum(lengths[start : start + len(queue_keys)]))
            start += len(queue_keys)
        for name, stamp in zip(SWEEPS, stamps, strict=True):
            if stamp is not None:
                last_run.add_metric([name], float(stamp))
        redis_up.add_metric([], 1)
        yield queue_length
        yield last_run
        yield redis_up


_lock = threading.Lock()
_registered: OperationsCollector | None = None


def register(registry=REGISTRY) -> OperationsCollector | None:
    """Add the collector to the registry ``/metrics`` exports; once per process (``ready()`` may
    run more than once, e.g. in tests)."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        collector = OperationsCollector()
        try:
            registry.register(collector)
        except ValueError:  # these names are taken already (a module reloaded): keep theirs
            logger.debug("metrics: collector already registered")
            return None
        _registered = collector
        return collector
