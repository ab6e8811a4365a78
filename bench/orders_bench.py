"""Recharge dispatch under load: 10,000 orders through three simulated suppliers, one failing
halfway, beside the same orders sent to one supplier directly with no routing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/orders_bench.py [--orders 10000] [--workers 6] [--degrade failure]

Starts the supplier simulator (``python -m orders.simulator``, channels alpha, beta, gamma on
free loopback ports), creates (or reuses) its own database, ``helpdesk_bench_orders`` on the
server of ``DATABASE_URL``, migrates it and empties its order tables, and uses its own Redis
database (``--redis-db``, 14). Channels get the model's default breaker settings (a count window
of 20 calls, at least 10, open at 50 % failures or 80 % calls slower than 5 s, 30 s cooling
wait doubling up to 600 s, 3 half-open probes, 8 s timeout), priorities alpha 1, beta 2, gamma 3.

**Product**: ``--workers`` processes, each placing orders with ``orders.services.order_create``
(the API's service) whose ``orders.tasks.dispatch_order`` task runs in the same process (Celery
eager: the task function itself, no broker hop), retries included; a sweeper thread steps due
orders every ``--sweep-seconds``, as beat does. When half the orders are placed, alpha (the
channel all traffic goes to while healthy) is made to fail through the simulator's control API
(``--degrade failure``: every submit refused ``2001``; ``timeout``: every answer held past our
timeout, though the supplier does the order) and stays so. Figures: orders per second, outcomes,
attempts that failed on alpha and were absorbed by failover, the time from alpha's failure to its
breaker opening (polled in Redis every 2 ms, and the ``ChannelEvent`` written), references charged
more than once across channels or submitted more than once to one channel (from the simulator's
ledgers: both must be 0), the ledgers checked against our orders, and ``/metrics`` checked
against the attempts.

**Baseline**, in the same run, with the same processes and the same degradation halfway: the same
number of orders submitted straight to alpha with the ``http_json`` adapter (one adapter per
call, as dispatch makes them), no routing, no database, no failover.

The simulator, the worker processes and the watching threads: bench/orders_world.py; the figures:
bench/orders_figures.py. See bench/README.md ("Recharge dispatch").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from orders_figures import ledger_checks, ledgers, product_figures  # noqa: E402
from orders_world import (  # noqa: E402
    CHANNELS,
    DEGRADED,
    BreakerWatch,
    Run,
    Sweeper,
    baseline_worker,
    configure,
    make_channels,
    prepare_database,
    product_worker,
    reset_simulator,
    setup_django,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=6, help="dispatching processes (4-8)")
    parser.add_argument(
        "--degrade",
        choices=("failure", "timeout"),
        default="failure",
        help="how alpha fails halfway: refusals (2001) or answers held past our timeout",
    )
    parser.add_argument("--degrade-at", type=float, default=0.5, help="share of orders placed")
    parser.add_argument("--sweep-seconds", type=float, default=1.0, help="the sweeper's beat")
    parser.add_argument(
        "--settle-seconds", type=float, default=180.0, help="longest wait for open orders"
    )
    parser.add_argument(
        "--breaker-orders",
        type=int,
        default=400,
        help="orders of the breaker-alone run (alpha only; it fails halfway); 0: skip",
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--db-name", default="helpdesk_bench_orders")
    parser.add_argument("--redis-db", type=int, default=14, help="Redis database for the bench")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    return parser.parse_args()


# --- main ----------------------------------------------------------------------------------------


def run_baseline(args, sim, ids) -> dict:
    from orders.models import SupplierChannel

    reset_simulator(sim)
    alpha = SupplierChannel.objects.get(pk=ids[DEGRADED])
    channel = {
        "name": alpha.name,
        "base_url": alpha.base_url,
        "merchant": alpha.merchant,
        "secret": alpha.secret,
        "timeout_seconds": alpha.timeout_seconds,
    }
    print(f"baseline: {args.orders:,} orders straight to alpha, {args.workers} processes ...")
    run = Run(args, baseline_worker, (channel,)).run(sim)
    checks = ledger_checks(ledgers(sim))
    run["rate"] = args.orders / (run["ended"] - run["started"])
    run["charged_twice"] = checks["charged_twice"]
    run["submitted_twice"] = checks["submitted_twice"]
    return run


def run_product(args, sim, ids) -> dict:
    reset_simulator(sim)
    watch = BreakerWatch(ids[DEGRADED])
    watch.start()
    sweeper = Sweeper(args.sweep_seconds)
    sweeper.start()
    print(f"product: {args.orders:,} orders through dispatch, {args.workers} processes ...")
    run = Run(args, product_worker, (ids["product"],)).run(sim, on_degrade=watch.arm)
    # Whatever is still open (awaiting a query, waiting for a channel) is left to the sweeper.
    from orders.models import OPEN_ORDER_STATUSES, Order

    deadline = time.time() + args.settle_seconds
    while Order.objects.filter(status__in=OPEN_ORDER_STATUSES).exists() and time.time() < deadline:
        time.sleep(0.2)
    sweeper.stopped.set()
    sweeper.join()
    watch.join(timeout=1)
    return product_figures(args, sim, ids, run, watch, sweeper)


def run_breaker_alone(args, sim, ids) -> dict:
    """Alpha alone (beta and gamma disabled): no failover to rank it down, so its breaker is
    what stops the traffic. Orders that fail wait for a channel (not settled here)."""
    from django.db import connection

    from orders import breaker
    from orders.models import ChannelEvent, SupplierChannel

    alpha = ids[DEGRADED]
    others = [ids[name] for name in CHANNELS if name != DEGRADED]
    SupplierChannel.objects.filter(pk__in=others).update(enabled=False)
    breaker.reset(alpha)
    reset_simulator(sim)
    watch = BreakerWatch(alpha)
    watch.start()
    phase = argparse.Namespace(**{**vars(args), "orders": args.breaker_orders})
    print(f"breaker alone: {phase.orders:,} orders, alpha only, {args.workers} processes ...")
    started = time.time()
    run = Run(phase, product_worker, (ids["product"],)).run(sim, on_degrade=watch.arm)
    watch.join(timeout=5)
    failed_at, opened = run["failed_at"], watch.opened_at
    event = (
        ChannelEvent.objects.filter(channel_id=alpha, to_state="open", created_at__gte=_dt(started))
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    from orders.models import Attempt

    failures = Attempt.objects.filter(
        channel_id=alpha, outcome="failed", sent_at__gte=_dt(started)
    ).values_list("sent_at", flat=True)
    before = sum(1 for t in failures if opened and t.timestamp() <= opened)
    SupplierChannel.objects.filter(pk__in=others).update(enabled=True)
    connection.close()
    return {
        "open_poll_ms": (opened - failed_at) * 1000 if opened else None,
        "open_event_ms": (event.timestamp() - failed_at) * 1000 if event else None,
        "before_open": before,
        "failed": len(failures),
    }


def _dt(timestamp: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, tz=UTC)


def client_cost(runs: int = 50) -> float:
    """ms to build one httpx.Client: what each supplier call cost when the adapter built one per
    call (it now shares one per process, ``orders.adapters.shared_client``)."""
    import httpx

    started = time.perf_counter()
    for _ in range(runs):
        httpx.Client(base_url="http://127.0.0.1:9", timeout=httpx.Timeout(8, connect=3)).close()
    return (time.perf_counter() - started) / runs * 1000


def report(args, base: dict | None, prod: dict, alone: dict | None, client_ms: float) -> None:
    mode = {
        "failure": "every submit refused (2001 SUPPLIER_ERROR)",
        "timeout": "every answer held past our 8 s timeout (the supplier does the order)",
    }[args.degrade]
    at = int(args.orders * args.degrade_at)
    print()
    print(
        f"{args.orders:,} orders of 30 yuan, {args.workers} processes; alpha fails after "
        f"{at:,} are placed: {mode}"
    )
    print(
        "dispatch: orders.services.order_create, then the orders.tasks.dispatch_order task run "
        "in the same process\n(Celery eager: no broker hop; retries at once), "
        f"a sweeper thread every {args.sweep_seconds:g} s as beat"
    )
    print()
    header = f"{'run':<44}{'orders/s':>9}{'before':>8}{'after':>8}{'ok':>8}{'failed':>8}"
    print(header)
    print("-" * len(header))
    if base:
        ok = base["outcomes"].get("succeeded:ok", 0)
        print(
            f"{'baseline: adapter -> alpha, no routing/DB':<44}{base['rate']:>9.1f}"
            f"{'':>8}{'':>8}{ok:>8,}{args.orders - ok:>8,}"
        )
    s = prod["statuses"]
    not_ok = args.orders - s.get("succeeded", 0)
    print(
        f"{'product: dispatch, 3 channels + breakers':<44}{prod['rate']:>9.1f}"
        f"{prod['rate_before']:>8.1f}{prod['rate_after']:>8.1f}{s.get('succeeded', 0):>8,}"
        f"{not_ok:>8,}"
    )
    print()
    if base:
        print(f"baseline outcomes: {dict(sorted(base['outcomes'].items()))}")
        print(
            f"baseline ledger: orders charged twice {base['charged_twice']}, "
            f"submitted twice {base['submitted_twice']}"
        )
    print(f"product order statuses: {dict(sorted(s.items()))}; worker errors {prod['errors']}")
    for name in CHANNELS:
        print(f"  attempts on {name}: {dict(sorted(prod['by_channel'][name].items()))}")
    print(
        f"orders needing more than one attempt: {prod['multi_attempt']:,}; attempts failed on "
        f"alpha: {prod['alpha_failed']:,}, absorbed by failover (order succeeded elsewhere): "
        f"{prod['absorbed']:,}"
    )
    if args.degrade == "timeout":
        print(
            f"attempts on alpha that timed out (unknown, resolved by query, never resent): "
            f"{prod['absorbed_timeouts']:,}"
        )
    last = prod["last_alpha_ms"]
    print(
        "alpha's failure -> the last order sent to alpha: "
        + (f"{last:,.0f} ms" if last is not None else "none sent")
    )
    poll, event = prod["open_poll_ms"], prod["open_event_ms"]
    print(
        "alpha's failure -> its breaker open: "
        + (
            f"{poll:,.0f} ms (Redis, polled)"
            if poll is not None
            else "never (routing ranks channels by health first: no more orders went to alpha)"
        )
        + (f", {event:,.0f} ms (ChannelEvent written)" if event is not None else "")
        + f"; alpha attempts failed in between: {prod['before_open']}"
    )
    if alone:
        poll, event = alone["open_poll_ms"], alone["open_event_ms"]
        print(
            f"breaker alone (alpha only, {args.breaker_orders} orders, failing after half): "
            "failure -> open "
            + (f"{poll:,.0f} ms (Redis, polled)" if poll is not None else "never")
            + (f", {event:,.0f} ms (ChannelEvent)" if event is not None else "")
            + f"; attempts failed before it opened {alone['before_open']}, in all "
            f"{alone['failed']}"
        )
    print("alpha's breaker (s after the failure):" + ("" if prod["events"] else " no transitions"))
    for offset, before, after, reason in prod["events"]:
        print(f"  {offset:8.2f}  {before:>9} -> {after:<9} {reason}")
    d, f = prod["durations"], prod["failover_durations"]
    print(
        f"order placed -> final, ms: p50 {d[0]:.0f}, p95 {d[1]:.0f}, max {d[2]:.0f}; "
        f"failed-over orders: p50 {f[0]:.0f}, p95 {f[1]:.0f}, max {f[2]:.0f}"
    )
    print(
        f"simulator ledgers: orders charged more than once {prod['charged_twice']} (must be "
        f"0), submitted more than once to a channel {prod['submitted_twice']} (must be 0); "
        f"succeeded but not charged {prod['succeeded_not_charged']}, charged but not succeeded "
        f"{prod['charged_not_succeeded']}"
    )
    print(
        f"/metrics submits = attempts in the database: {'yes' if prod['metrics_agree'] else 'NO'}"
        f"; product run {prod['elapsed']:.1f} s; sweeper steps {prod['sweeper_steps'] or 'none'}"
    )
    print(
        f"one httpx.Client built: {client_ms:.1f} ms CPU (saved on every supplier call: the "
        "adapter shares one client per process)"
    )
    start, end = args.load_before, os.getloadavg()
    print(
        f"load average (1, 5, 15 min) at start {start[0]:.1f} {start[1]:.1f} {start[2]:.1f}, "
        f"at end {end[0]:.1f} {end[1]:.1f} {end[2]:.1f} ({os.cpu_count()} CPUs)"
    )


def cleanup_redis() -> None:
    from django.conf import settings

    from helpdesk.common.redis import get_redis

    redis = get_redis()
    for prefix in (settings.ORDERS_BREAKER_PREFIX, settings.ORDERS_METRICS_PREFIX):
        keys = list(redis.scan_iter(f"{prefix}:*"))
        if keys:
            redis.delete(*keys)


def main() -> None:
    args = parse_args()
    if not 1 <= args.workers <= 32 or args.orders < 10:
        sys.exit("--workers 1-32, --orders at least 10")
    args.load_before = os.getloadavg()
    configure(args)
    setup_django()
    from tests.orders.conftest import launch, stop

    prepare_database()
    with tempfile.TemporaryDirectory() as tmp:
        sim = launch(Path(tmp) / "simulator.log")
        try:
            ids = make_channels(sim)
            from django.db import connection

            connection.close()  # nothing held while the workers run
            if args.degrade == "timeout" and not args.skip_baseline:
                # Each call after the failure would hold a process 8 s: half the orders x 8 s.
                print("baseline skipped with --degrade timeout (8 s per call after the failure)")
                args.skip_baseline = True
            base = None if args.skip_baseline else run_baseline(args, sim, ids)
            prod = run_product(args, sim, ids)
            alone = run_breaker_alone(args, sim, ids) if args.breaker_orders else None
        finally:
            stop(sim)
    report(args, base, prod, alone, client_cost())
    cleanup_redis()


if __name__ == "__main__":
    main()
