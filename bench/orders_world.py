"""The orders bench's world: its database and Redis, the simulated suppliers' channels, the
worker processes that place orders, and the threads that watch a run.

- Set-up: ``configure`` (environment for this process and the workers it spawns), ``setup_django``
  (Celery eager: dispatch runs in the process that places the order), ``prepare_database``
  (migrated, order tables emptied), ``make_channels`` (alpha, beta, gamma on the simulator),
  ``reset_simulator`` and ``degrade`` (alpha made to fail through the simulator's control API).
- ``product_worker`` / ``baseline_worker``: one spawned process each, placing orders through
  ``orders.services.order_create`` or straight to alpha's adapter; ``Run`` starts them together
  and degrades alpha when the given share of orders is taken.
- ``BreakerWatch`` (alpha's breaker polled in Redis until it opens) and ``Sweeper`` (what beat
  does: step the orders that are due).

Used by bench/orders_bench.py.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import threading
import time
import urllib.parse
from collections import Counter

CHANNELS = ("alpha", "beta", "gamma")
DEGRADED = "alpha"
BALANCE = 10**12  # fen: no channel runs dry during the bench
FACE_VALUE = 3_000


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
