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

See bench/README.md ("Recharge dispatch").
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHANNELS = ("alpha", "beta", "gamma")
DEGRADED = "alpha"
BALANCE = 10**12  # fen: no channel runs dry during the bench
FACE_VALUE = 3_000


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


# --- set-up --------------------------------------------------------------------------------------


def configure(args) -> None:
    """Environment for this process and the workers it spawns: the bench's database and Redis."""
    import inbox_bench  # the same database handling: its own database beside DATABASE_URL's

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        sys.exit("REDIS_URL must be set (e.g. redis://127.0.0.1:6379/0)")
    parts = urllib.parse.urlsplit(redis_url)
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{args.redis_db}"))
    os.environ["DATABASE_URL"] = inbox_bench.prepare_database(args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log kept
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("CHANNELS_PREFIX", "orders-bench")
    os.environ.setdefault("CACHE_KEY_PREFIX", "orders-bench")


def setup_django() -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from helpdesk.celery import app

    # The dispatch task runs in the process that queues it (retries too): no broker, no worker.
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def prepare_database() -> None:
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    tables = [m._meta.db_table for m in apps.get_app_config("orders").get_models(True)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def make_channels(sim) -> dict[str, int]:
    from orders import breaker, metrics
    from orders.models import Product, SupplierChannel

    product = Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="China Mobile 30",
        code="mobile-30",
        face_value=FACE_VALUE,
        price=2_990,
    )
    ids = {}
    for priority, name in enumerate(CHANNELS, start=1):
        channel = SupplierChannel.objects.create(  # the model's default breaker settings
            name=name,
            base_url=sim.channel_url(name),
            merchant=sim.merchant(name),
            secret=sim.secret(name),
            priority=priority,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        metrics.reset(channel.pk)
        ids[name] = channel.pk
    ids["product"] = product.pk
    return ids


def reset_simulator(sim) -> None:
    for name in CHANNELS:
        sim.reset(name)
        sim.patch(name, balance=BALANCE)


def degrade(sim, mode: str) -> float:
    """Make alpha fail; returns the instant its control API confirmed it (time.time())."""
    if mode == "failure":
        sim.patch(DEGRADED, failure_rate=1.0)
    else:
        sim.patch(DEGRADED, timeout_rate=1.0, timeout_seconds=60)
    return time.time()


# --- the worker processes ------------------------------------------------------------------------


def _take(counter, total: int) -> int | None:
    with counter.get_lock():
        index = counter.value
        if index >= total:
            return None
        counter.value = index + 1
        return index


def product_worker(number, total, product_id, counter, done, ready, go, errors) -> None:
    setup_django()
    from django.db import connection

    from orders import services

    rng = random.Random(number)
    with ready.get_lock():
        ready.value += 1
    go.wait()
    while _take(counter, total) is not None:
        account = f"138{rng.randrange(10**8):08d}"
        try:
            services.order_create(product_id=product_id, account=account, amount=FACE_VALUE)
        except Exception as exc:  # counted and shown; the bench goes on
            with errors.get_lock():
                errors.value += 1
            if errors.value <= 3:
                print(f"worker {number}: {type(exc).__name__}: {exc}", file=sys.stderr)
        with done.get_lock():
            done.value += 1
    connection.close()


def baseline_worker(number, total, channel, counter, done, ready, go, errors, results) -> None:
    setup_django()
    from orders import services
    from orders.adapters import adapter_for
    from orders.models import Outcome, SupplierChannel

    target = SupplierChannel(**channel)  # not saved: the adapter needs its address and secret
    rng = random.Random(1000 + number)
    outcomes: Counter = Counter()
    with ready.get_lock():
        ready.value += 1
    go.wait()
    while _take(counter, total) is not None:
        answer = adapter_for(target).submit(
            reference=services.new_reference(),
            product_code="mobile-30",
            account=f"138{rng.randrange(10**8):08d}",
            amount=FACE_VALUE,
            callback_url=None,
        )
        outcomes[f"{answer.outcome}:{answer.category}"] += 1
        if answer.outcome != Outcome.SUCCEEDED:
            with errors.get_lock():
                errors.value += 1
        with done.get_lock():
            done.value += 1
    results.put(dict(outcomes))


class Run:
    """K spawned processes, started together; alpha degraded when ``at`` orders are taken."""

    def __init__(self, args, target, extra: tuple):
        ctx = multiprocessing.get_context("spawn")  # fresh processes: no inherited connections
        self.ctx, self.args = ctx, args
        self.counter, self.done = ctx.Value("i", 0), ctx.Value("i", 0)
        self.ready, self.errors = ctx.Value("i", 0), ctx.Value("i", 0)
        self.go = ctx.Event()
        self.results = ctx.Queue()
        shared = (self.counter, self.done, self.ready, self.go, self.errors)
        if target is baseline_worker:
            shared += (self.results,)
        self.procs = [
            ctx.Process(target=target, args=(n, args.orders, *extra, *shared), daemon=True)
            for n in range(args.workers)
        ]

    def run(self, sim, on_degrade=None) -> dict:
        for proc in self.procs:
            proc.start()
        while self.ready.value < len(self.procs):
            if any(p.exitcode not in (None, 0) for p in self.procs):
                sys.exit("a worker failed to start")
            time.sleep(0.05)
        at = int(self.args.orders * self.args.degrade_at)
        started = time.time()
        self.go.set()
        failed_at = None
        last = (started, 0)
        while any(p.is_alive() for p in self.procs):
            if failed_at is None and self.counter.value >= at:
                failed_at = degrade(sim, self.args.degrade)
                if on_degrade:
                    on_degrade(failed_at)
            now = time.time()
            if now - last[0] >= 10:
                rate = (self.done.value - last[1]) / (now - last[0])
                print(f"  ... {self.done.value:,} orders done, {rate:.0f}/s", flush=True)
                last = (now, self.done.value)
            time.sleep(0.002)
        ended = time.time()
        outcomes: Counter = Counter()
        while not self.results.empty():
            outcomes.update(self.results.get())
        return {
            "started": started,
            "failed_at": failed_at,
            "ended": ended,
            "errors": self.errors.value,
            "outcomes": outcomes,
        }


# --- watching the product run --------------------------------------------------------------------


class BreakerWatch(threading.Thread):
    """From the failure on: poll alpha's breaker in Redis every 2 ms until it opens."""

    def __init__(self, channel_id: int):
        super().__init__(daemon=True)
        self.channel_id, self.failed_at, self.opened_at = channel_id, None, None
        self.armed = threading.Event()

    def arm(self, failed_at: float) -> None:
        self.failed_at = failed_at
        self.armed.set()

    def run(self) -> None:
        from orders import breaker
        from orders.models import SupplierChannel

        channel = SupplierChannel.objects.get(pk=self.channel_id)
        from django.db import connection

        connection.close()
        self.armed.wait()
        deadline = time.time() + 600
        while time.time() < deadline:
            if breaker.state_of(channel)["state"] == breaker.OPEN:
                self.opened_at = time.time()
                return
            time.sleep(0.002)


class Sweeper(threading.Thread):
    """What beat does: step every order whose next action is due."""

    def __init__(self, every: float):
        super().__init__(daemon=True)
        self.every, self.stopped, self.steps = every, threading.Event(), Counter()

    def run(self) -> None:
        from django.db import connection

        from orders import dispatch

        while not self.stopped.wait(self.every):
            for order_id in dispatch.due_orders():
                self.steps[dispatch.step(order_id)] += 1
        connection.close()


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
