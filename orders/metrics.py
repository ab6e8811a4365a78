"""Prometheus metrics per supplier channel: requests by outcome, latency, in flight, balance,
breaker state.

Supplier calls are made by Celery workers, but ``/metrics`` is scraped from the web processes, so
the workers count in Redis (:func:`record_call`: one pipeline per call, two hashes per channel
under ``ORDERS_METRICS_PREFIX``, in one MULTI/EXEC) and every web process exports the same shared figures with a
custom collector (:class:`SupplierCollector`, registered in ``OrdersConfig.ready()``). In flight
and balance are read from the database at scrape time, the breaker's state from its Redis hash.

Series (``channel`` is the channel's name):

- ``helpdesk_supplier_requests_total{channel,call,outcome,category}``: every answered (or timed
  out) call to a supplier; ``call`` is ``submit`` (outcome: succeeded, accepted, unknown, failed)
  or ``query`` (outcome: success, failed, processing, not_found, unknown);
- ``helpdesk_supplier_latency_seconds{channel}``: a histogram of those calls' latencies;
- ``helpdesk_supplier_in_flight{channel}``: attempts sent and not answered yet (``pending``);
- ``helpdesk_supplier_balance_fen{channel}``: our balance at the supplier as last read;
- ``helpdesk_supplier_breaker_state{channel,state}``: 1 for the breaker's current state
  (closed, open, half_open; a forced state wins), 0 for the others.

Counters live as long as Redis keeps them (a Redis restart is a counter reset to Prometheus).
"""

from __future__ import annotations

import bisect
import logging
import threading

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import (
    REGISTRY,
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
)
from prometheus_client.utils import floatToGoString
from redis.exceptions import RedisError

from helpdesk.common.redis import get_redis

from . import breaker
from .models import Attempt, Outcome, SupplierChannel

logger = logging.getLogger(__name__)

# Upper bounds of the latency buckets (ms): suppliers answer in tens of milliseconds when well,
# and our client gives up after the channel's timeout (8 s by default).
BUCKETS_MS = (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
BREAKER_STATES = (breaker.CLOSED, breaker.OPEN, breaker.HALF_OPEN)
_SEP = "|"


def _keys(channel_id: int) -> tuple[str, str]:
    prefix = settings.ORDERS_METRICS_PREFIX
    return f"{prefix}:{channel_id}:requests", f"{prefix}:{channel_id}:latency"


def _bucket(latency_ms: int) -> str:
    """The field of the (non-cumulative) bucket a latency falls in: ``le:<ms>`` or ``le:inf``."""
    index = bisect.bisect_left(BUCKETS_MS, latency_ms)
    return f"le:{BUCKETS_MS[index]}" if index < len(BUCKETS_MS) else "le:inf"


def record_call(
    channel_id: int, outcome: str, category: str, latency_ms: int | None, *, call: str = "submit"
) -> None:
    """Count one supplier call (a worker, after the answer or timeout): one Redis round trip.
    Never raises: a metric lost is better than an order held up."""
    requests, latency = _keys(channel_id)
    latency_ms = max(0, int(latency_ms or 0))
    field = _SEP.join((call, str(outcome), str(category or "none")))
    try:
        with get_redis().pipeline(transaction=True) as pipe:  # MULTI/EXEC: one round trip
            pipe.hincrby(requests, field, 1)
            pipe.hincrby(latency, _bucket(latency_ms), 1)
            pipe.hincrby(latency, "sum_ms", latency_ms)
            pipe.execute()
    except RedisError:
        logger.warning("orders metrics: call not recorded (channel %s)", channel_id, exc_info=True)


def reset(channel_id: int) -> None:
    """Forget a channel's counters (tests, or a channel re-created under the same id)."""
    get_redis().delete(*_keys(channel_id))


def _int(value) -> int:
    return int(value.decode() if isinstance(value, bytes) else value)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class SupplierCollector:
    """Reads the shared counters, the database and the breakers at every scrape."""

    def describe(self):
        # Names only: registering must not touch the database or Redis (it runs at start-up).
        return list(self._families())

    def _families(self):
        return (
            CounterMetricFamily(
                "helpdesk_supplier_requests",
                "Calls to supplier channels by call, outcome and category.",
                labels=["channel", "call", "outcome", "category"],
            ),
            HistogramMetricFamily(
                "helpdesk_supplier_latency_seconds",
                "Latency of calls to supplier channels (submits and queries).",
                labels=["channel"],
            ),
            GaugeMetricFamily(
                "helpdesk_supplier_in_flight",
                "Attempts sent to the channel and not answered yet.",
                labels=["channel"],
            ),
            GaugeMetricFamily(
                "helpdesk_supplier_balance_fen",
                "Our prepaid balance at the supplier as last read (fen).",
                labels=["channel"],
            ),
            GaugeMetricFamily(
                "helpdesk_supplier_breaker_state",
                "1 for the channel breaker's current state, 0 for the others.",
                labels=["channel", "state"],
            ),
        )

    def collect(self):
        requests, latency, in_flight, balance, state = self._families()
        try:
            channels = list(SupplierChannel.objects.order_by("pk"))
            pending = dict(
                Attempt.objects.filter(outcome=Outcome.PENDING)
                .values("channel_id")
                .annotate(n=Count("id"))
                .values_list("channel_id", "n")
            )
        except DatabaseError:
            logger.warning("orders metrics: database unavailable", exc_info=True)
            return
        for channel in channels:
            in_flight.add_metric([channel.name], pending.get(channel.pk, 0))
            if channel.balance is not None:
                balance.add_metric([channel.name], channel.balance)
        yield in_flight
        yield balance
        try:
            with get_redis().pipeline(transaction=False) as pipe:
                for channel in channels:
                    for key in _keys(channel.pk):
                        pipe.hgetall(key)
                stored = pipe.execute()
            states = [breaker.state_of(channel)["state"] for channel in channels]
        except RedisError:
            logger.warning("orders metrics: Redis unavailable", exc_info=True)
            return
        for index, channel in enumerate(channels):
            counts, buckets = stored[2 * index], stored[2 * index + 1]
            for field, value in sorted(counts.items()):
                call, outcome, category = _text(field).split(_SEP, 2)
                requests.add_metric([channel.name, call, outcome, category], _int(value))
            if buckets:
                buckets = {_text(k): _int(v) for k, v in buckets.items()}
                cumulative, running = [], 0
                for bound in BUCKETS_MS:
                    running += buckets.get(f"le:{bound}", 0)
                    cumulative.append((floatToGoString(bound / 1000), running))
                cumulative.append(("+Inf", running + buckets.get("le:inf", 0)))
                latency.add_metric([channel.name], cumulative, buckets.get("sum_ms", 0) / 1000)
            for name in BREAKER_STATES:
                state.add_metric([channel.name, name], 1 if states[index] == name else 0)
        yield requests
        yield latency
        yield state


_lock = threading.Lock()
_registered: SupplierCollector | None = None


def register(registry=REGISTRY) -> SupplierCollector | None:
    """Add the collector to the registry ``/metrics`` exports; once per process (``ready()`` may
    run more than once, e.g. in tests)."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        collector = SupplierCollector()
        try:
            registry.register(collector)
        except ValueError:  # these names are taken already (a module reloaded): keep theirs
            logger.debug("orders metrics: collector already registered")
            return None
        _registered = collector
        return collector
