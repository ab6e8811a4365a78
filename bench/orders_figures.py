"""The orders bench's figures: what a run did, read from our database, the simulator's ledgers
and ``/metrics``.

- ``ledgers`` / ``ledger_checks``: the simulator's books per channel; references charged more than
  once across channels or submitted more than once to one channel.
- ``metrics_agree``: ``GET /metrics`` submits against the attempts in the database.
- ``product_figures``: rates before and after alpha's failure, outcomes per channel, failovers,
  the time to alpha's breaker opening, order durations, and the checks above.

Used by bench/orders_bench.py.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

from orders_world import CHANNELS, DEGRADED, BreakerWatch, Sweeper

# --- figures -------------------------------------------------------------------------------------


def ledgers(sim) -> dict[str, dict[str, dict]]:
    return {name: sim.ledger(name) for name in CHANNELS}


def ledger_checks(books: dict[str, dict[str, dict]]) -> dict:
    """Charges per order (an attempt's reference is ``<order reference>-<attempt>``; the
    baseline sends the order's own), over every channel and attempt."""
    charged: Counter = Counter()
    submitted_twice = 0
    for orders in books.values():
        for reference, row in orders.items():
            charged[reference.rsplit("-", 1)[0]] += row["charged"]
            submitted_twice += row["submits"] > 1
    return {
        "charged": {ref for ref, n in charged.items() if n >= 1},
        "charged_twice": sum(1 for n in charged.values() if n > 1),
        "submitted_twice": submitted_twice,
    }


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        return (values[0],) * 3
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], max(values)


def metrics_agree(ids: dict[str, int]) -> tuple[bool, dict]:
    """``GET /metrics`` (as a web process serves it): submits counted per channel and outcome
    against the attempts in the database."""
    from django.test import Client
    from prometheus_client.parser import text_string_to_metric_families

    from orders.models import Attempt

    body = Client().get("/metrics").content.decode()
    seen: Counter = Counter()
    for family in text_string_to_metric_families(body):
        if family.name != "helpdesk_supplier_requests":
            continue
        for sample in family.samples:
            if sample.name.endswith("_total") and sample.labels["call"] == "submit":
                key = (sample.labels["channel"], sample.labels["outcome"])
                seen[key] += int(sample.value)
    names = {pk: name for name, pk in ids.items() if name in CHANNELS}
    stored: Counter = Counter()
    for channel_id, outcome in Attempt.objects.values_list("channel_id", "outcome"):
        # An answer written as unknown/accepted may since be resolved by a query.
        stored[(names[channel_id], outcome)] += 1
    submits_seen = sum(seen.values())
    return submits_seen == sum(stored.values()), dict(seen)


def product_figures(args, sim, ids, run: dict, watch: BreakerWatch, sweeper: Sweeper) -> dict:
    from django.db.models import Count

    from orders.models import Attempt, ChannelEvent, Order

    alpha = ids[DEGRADED]
    failed_at = run["failed_at"]
    statuses = Counter(dict(Order.objects.values_list("status").annotate(n=Count("id"))))
    finished = list(Order.objects.exclude(finished_at=None).values_list("finished_at", flat=True))
    last = max(f.timestamp() for f in finished) if finished else run["ended"]
    rows = list(
        Attempt.objects.values_list(
            "order_id",
            "channel_id",
            "outcome",
            "category",
            "sent_at",
            "resolved_by",
            "order__status",
            "order__channel_id",
            "order__created_at",
            "order__finished_at",
        )
    )
    by_channel: dict[str, Counter] = defaultdict(Counter)
    names = {pk: name for name, pk in ids.items() if name in CHANNELS}
    absorbed = absorbed_timeouts = 0
    alpha_fail_times, alpha_sent = [], []
    per_order: Counter = Counter()
    durations, failover_durations = {}, {}
    for order_id, channel_id, outcome, category, sent_at, how, status, final, created, done in rows:
        by_channel[names[channel_id]][f"{outcome}:{category}"] += 1
        per_order[order_id] += 1
        if channel_id == alpha:
            alpha_sent.append(sent_at.timestamp())
        if channel_id == alpha and outcome == "failed":
            alpha_fail_times.append(sent_at.timestamp())
            if status == "succeeded" and final != alpha:
                absorbed += 1
        if channel_id == alpha and how == "query" and sent_at.timestamp() >= failed_at - 1:
            absorbed_timeouts += 1
        if done is not None:
            durations[order_id] = (done - created).total_seconds() * 1000
    for order_id, n in per_order.items():
        if n > 1 and order_id in durations:
            failover_durations[order_id] = durations[order_id]
    events = list(
        ChannelEvent.objects.filter(channel_id=alpha)
        .order_by("created_at", "id")
        .values_list("created_at", "from_state", "to_state", "reason")
    )
    opened_event = next(
        (e[0].timestamp() for e in events if e[2] == "open" and e[0].timestamp() >= failed_at),
        None,
    )
    opened = watch.opened_at
    before_open = sum(1 for t in alpha_fail_times if t <= (opened or 1e18))
    books = ledgers(sim)
    checks = ledger_checks(books)
    succeeded_refs = set(
        Order.objects.filter(status="succeeded").values_list("reference", flat=True)
    )
    agree, _seen = metrics_agree(ids)
    first_half = sum(1 for f in finished if f.timestamp() <= failed_at)
    return {
        "elapsed": last - run["started"],
        "rate": len(finished) / (last - run["started"]),
        "rate_before": first_half / (failed_at - run["started"]),
        "rate_after": (len(finished) - first_half) / max(1e-9, last - failed_at),
        "statuses": statuses,
        "by_channel": by_channel,
        "multi_attempt": sum(1 for n in per_order.values() if n > 1),
        "absorbed": absorbed,
        "absorbed_timeouts": absorbed_timeouts,
        "alpha_failed": len(alpha_fail_times),
        "before_open": before_open,
        "last_alpha_ms": (max(alpha_sent) - failed_at) * 1000 if alpha_sent else None,
        "open_poll_ms": (opened - failed_at) * 1000 if opened else None,
        "open_event_ms": (opened_event - failed_at) * 1000 if opened_event else None,
        "events": [(e[0].timestamp() - failed_at, e[1] or "-", e[2] or "-", e[3]) for e in events],
        "durations": percentiles(list(durations.values())),
        "failover_durations": percentiles(list(failover_durations.values())),
        "charged_twice": checks["charged_twice"],
        "submitted_twice": checks["submitted_twice"],
        "succeeded_not_charged": len(succeeded_refs - checks["charged"]),
        "charged_not_succeeded": len(checks["charged"] - succeeded_refs),
        "errors": run["errors"],
        "sweeper_steps": dict(sweeper.steps),
        "metrics_agree": agree,
    }
