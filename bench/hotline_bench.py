"""Hotline webhook throughput: 10,000 calls' worth of signed events posted to the product's
webhook, beside the same events posted to a bare DRF endpoint that only checks the signature,
in the same run, on the same server process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/hotline_bench.py [--calls 10000] [--concurrency 32] [--processes 1]

Creates (or reuses) its own database, ``helpdesk_bench_hotline`` on the server of
``DATABASE_URL`` (``--db-name``; migrated, call and work-item tables emptied at every run; drop it
when done), and its own Redis database (``--redis-db``, 13; its keys are deleted at the end). It
loads once: a queue (manual routing, so no routing tasks pile up without a worker) with SLA
policies for calls and ring-backs, ``--agents`` agents on extensions 9000-, and ``--customers``
customer files with a phone number each.

The calls (``--seed`` makes them): 60 % answered (``new_call``, ``answered``, ``hangup``), 25 %
missed, 10 % abandoned, 5 % voicemail (``new_call``, ``hangup``); half the callers are customers
on file (matched, and the ringing agent's pop-up is built and published), a tenth of the unanswered
calls come from 200 numbers that call again (ring-backs fold them). Events of one call go in order,
each after the answer to the previous one; ``--concurrency`` calls are in progress at once.

Daphne serves ``bench/hotline_asgi.py`` (``--processes`` of them, the client spreads calls over
them): the product's ``POST /api/v1/hotline/events/`` and ``POST /bench/bare-events/``. The client
is one asyncio process with httpx; it signs each request when it sends it. Figures: events per
second, the latency of one event (p50, p95, p99), refusals; afterwards the product's database is
checked (one call per call, none left ringing, one receipt per event, no anomaly, ring-backs).

See bench/README.md ("Hotline webhook").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

INTEGRATION = "bench-pbx"
QUEUE = "bench-hotline"
PRODUCT_PATH = "/api/v1/hotline/events/"
BARE_PATH = "/bench/bare-events/"
SCENARIOS = (("answered", 0.60), ("missed", 0.25), ("abandoned", 0.10), ("voicemail", 0.05))
CAUSE = {"missed": "no_answer", "abandoned": "originator_cancel", "voicemail": "voicemail"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32, help="calls in progress at once")
    parser.add_argument("--processes", type=int, default=1, help="daphne processes")
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-bare", action="store_true", help="the product only")
    parser.add_argument("--db-name", default="helpdesk_bench_hotline")
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database for the bench")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    return parser.parse_args()


# --- set-up --------------------------------------------------------------------------------------


def configure(args) -> None:
    """Environment for this process and the servers it starts: the bench's database and Redis."""
    import inbox_bench  # the same database handling: its own database beside DATABASE_URL's

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        sys.exit("REDIS_URL must be set (e.g. redis://127.0.0.1:6379/0)")
    parts = urllib.parse.urlsplit(redis_url)
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{args.redis_db}"))
    os.environ["DATABASE_URL"] = inbox_bench.prepare_database(args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log kept
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("CHANNELS_PREFIX", "hotline-bench")
    os.environ.setdefault("CACHE_KEY_PREFIX", "hotline-bench")
    os.environ["HOTLINE_BENCH_INTEGRATION"] = INTEGRATION
    os.environ["HOTLINE_BENCH_SECRET"] = secrets.token_urlsafe(32)


def setup_django() -> None:
    import django

    django.setup()


def flush_redis() -> None:
    """The bench's keys (its cache and channel prefixes) in its Redis database."""
    from helpdesk.common.redis import get_redis

    redis = get_redis()
    keys = list(redis.scan_iter("hotline-bench*"))
    if keys:
        redis.delete(*keys)


def prepare(args) -> list[str]:
    """Migrate, empty the call tables, load people and customers once; the customers' numbers."""
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.customers.models import Customer, CustomerContact
    from helpdesk.hotline.models import TelephonyIntegration
    from helpdesk.queues.models import Queue, QueueMembership, WorkItem
    from helpdesk.sla.models import SlaPolicy

    call_command("migrate", "--noinput", verbosity=0)
    tables = [m._meta.db_table for m in apps.get_app_config("hotline").get_models(True)]
    tables.append(WorkItem._meta.db_table)
    tables.append("customers_customerauditentry")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    queue, _ = Queue.objects.get_or_create(slug=QUEUE, defaults={"name": "Bench hotline"})
    SlaPolicy.objects.get_or_create(
        queue=queue,
        priority=None,
        kind="",
        defaults={"first_response_minutes": 60, "resolution_minutes": 480},
    )
    SlaPolicy.objects.get_or_create(
        queue=queue,
        priority=None,
        kind="callback",
        defaults={"first_response_minutes": 30, "resolution_minutes": 240},
    )
    password = make_password("bench-pass")
    for n in range(args.agents):
        user, created = User.objects.get_or_create(
            username=f"bench-agent-{n}", defaults={"password": password, "extension": str(9000 + n)}
        )
        if created:
            UserRole.objects.create(user=user, role="agent")
            QueueMembership.objects.create(queue=queue, user=user, role="agent")
    numbers = [f"+86139{n:08d}" for n in range(args.customers)]
    have = Customer.objects.count()
    if have < args.customers:
        customers = Customer.objects.bulk_create(
            [Customer(name=f"Bench customer {n}") for n in range(have, args.customers)]
        )
        CustomerContact.objects.bulk_create(
            [
                CustomerContact(customer=c, kind="phone", value=numbers[have + i], is_primary=True)
                for i, c in enumerate(customers)
            ]
        )
    TelephonyIntegration.objects.update_or_create(
        name=INTEGRATION,
        defaults={"secret": os.environ["HOTLINE_BENCH_SECRET"], "default_queue": queue},
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    return numbers


# --- the calls ---------------------------------------------------------------------------------


@dataclass
class Plan:
    calls: list[list[bytes]]
    scenarios: Counter

    @property
    def events(self) -> int:
        return sum(len(c) for c in self.calls)


def plan(args, customer_numbers: list[str]) -> Plan:
    rng = random.Random(args.seed)
    again = [f"1850000{n:04d}" for n in range(200)]  # numbers that call again
    start = time.time() - 3_600  # the calls took place over the last hour
    calls, scenarios = [], Counter()
    names = [name for name, _share in SCENARIOS]
    shares = [share for _name, share in SCENARIOS]
    for n in range(args.calls):
        scenario = rng.choices(names, shares)[0]
        scenarios[scenario] += 1
        if scenario != "answered" and rng.random() < 0.1:
            number = rng.choice(again)
        elif rng.random() < 0.5:
            number = rng.choice(customer_numbers).removeprefix("+86")
        else:
            number = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        at = start + n * 3_000 / args.calls
        ring = rng.uniform(3, 40)
        call_id = f"bench-{n:06d}"
        extension = str(9000 + rng.randrange(args.agents))
        events = [
            {
                "event": "new_call",
                "call_id": call_id,
                "timestamp": round(at, 3),
                "from": number,
                "to": "4008001234",
                "agent": extension,
            }
        ]
        if scenario == "answered":
            talk = rng.uniform(30, 400)
            events.append(
                {"event": "answered", "call_id": call_id, "timestamp": round(at + ring, 3)}
            )
            events.append(
                {
                    "event": "hangup",
                    "call_id": call_id,
                    "timestamp": round(at + ring + talk, 3),
                    "cause": "normal_clearing",
                }
            )
        else:
            events.append(
                {
                    "event": "hangup",
                    "call_id": call_id,
                    "timestamp": round(at + ring, 3),
                    "cause": CAUSE[scenario],
                }
            )
        calls.append([json.dumps(e, separators=(",", ":")).encode() for e in events])
    return Plan(calls=calls, scenarios=scenarios)


# --- the servers and the client ----------------------------------------------------------------


def start_daphne() -> tuple[subprocess.Popen, int]:
    from helpdesk.embedded import free_port

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "bench.hotline_asgi:application",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc, port
        except urllib.error.HTTPError:
            return proc, port  # it answered
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("daphne did not start")


@dataclass
class Run:
    name: str
    events: int = 0
    calls: int = 0
    seconds: float = 0.0
    client_cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    duplicates: int = 0

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        cuts = statistics.quantiles(self.latencies, n=1000, method="inclusive")
        return cuts[min(len(cuts) - 1, int(q * 1000) - 1)] * 1000


async def drive(name: str, ports: list[int], path: str, calls: list[list[bytes]], concurrency):
    import httpx

    from helpdesk.hotline.signing import signed_headers

    secret = os.environ["HOTLINE_BENCH_SECRET"]
    run = Run(name=name, calls=len(calls))
    pending = asyncio.Queue()
    for index, events in enumerate(calls):
        pending.put_nowait((index, events))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def line(client: httpx.AsyncClient) -> None:
        while True:
            try:
                index, events = pending.get_nowait()
            except asyncio.QueueEmpty:
                return
            url = f"http://127.0.0.1:{ports[index % len(ports)]}{path}"
            for body in events:
                started = time.perf_counter()
                response = await client.post(
                    url, content=body, headers=signed_headers(INTEGRATION, secret, body)
                )
                run.latencies.append(time.perf_counter() - started)
                run.statuses[response.status_code] += 1
                run.duplicates += response.headers.get("X-Hotline-Duplicate") == "true"
                run.events += 1
                if response.status_code != 200:
                    break  # the rest of this call would be refused as unknown

    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(line(client) for _ in range(concurrency)))
        run.seconds = time.perf_counter() - wall
        run.client_cpu = time.process_time() - cpu
    return run


def warm_up(ports: list[int], path: str) -> None:
    """A few events first, so both runs start with warm processes and connections."""
    calls = [
        [
            json.dumps(
                {
                    "event": "new_call",
                    "call_id": f"warm-{path.strip('/').replace('/', '-')}-{p}-{n}",
                    "timestamp": time.time(),
                    "from": "13800138000",
                }
            ).encode()
        ]
        for p in ports
        for n in range(20)
    ]
    asyncio.run(drive("warm-up", ports, path, calls, 4))


# --- checks and report ---------------------------------------------------------------------------


def check(plan_: Plan) -> dict:
    from django.db import connection
    from django.db.models import Sum

    from helpdesk.hotline.models import Call, CallEventReceipt, HotlineAnomaly, RingBack

    calls = Call.objects.filter(pbx_call_id__startswith="bench-")
    out = {
        "calls": calls.count(),
        "ringing": calls.filter(ended_at__isnull=True).count(),
        "states": Counter(calls.values_list("state", flat=True)),
        "receipts": CallEventReceipt.objects.filter(pbx_call_id__startswith="bench-").count(),
        "anomalies": Counter(HotlineAnomaly.objects.values_list("reason", flat=True)),
        "ringbacks": RingBack.objects.count(),
        "folded": RingBack.objects.aggregate(n=Sum("missed_count"))["n"] or 0,
        "matched": calls.filter(item__customer__isnull=False).count(),
    }
    connection.close()
    return out


def report(args, plan_: Plan, runs: list[Run], checked: dict) -> None:
    print()
    print(
        f"{args.calls:,} calls ({', '.join(f'{n:,} {s}' for s, n in plan_.scenarios.most_common())}): "
        f"{plan_.events:,} events; {args.concurrency} calls at once; {args.processes} daphne"
    )
    print()
    header = f"{'run':36} {'events':>8} {'seconds':>8} {'events/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'client CPU s':>12}  refused"
    print(header)
    print("-" * len(header))
    for run in runs:
        refused = {k: v for k, v in run.statuses.items() if k != 200}
        print(
            f"{run.name:36} {run.events:>8,} {run.seconds:>8.1f} {run.rate:>9.1f} "
            f"{run.percentile(0.5):>7.1f} {run.percentile(0.95):>7.1f} {run.percentile(0.99):>7.1f} "
            f"{run.client_cpu:>12.1f}  {refused or 0}"
        )
    if len(runs) == 2 and runs[0].rate:
        print(
            f"\nproduct / bare: {runs[1].rate / runs[0].rate:.2f} of the bare endpoint's events/s"
        )
    print(
        f"\nchecked: {checked['calls']:,} calls ({dict(checked['states'])}), "
        f"{checked['ringing']} left ringing; {checked['receipts']:,} receipts for "
        f"{plan_.events:,} events; anomalies {dict(checked['anomalies']) or 0}; "
        f"{checked['matched']:,} callers matched to a file; {checked['ringbacks']:,} ring-backs "
        f"holding {checked['folded']:,} unanswered calls"
    )


def main() -> None:
    args = parse_args()
    if args.calls < 10 or not 1 <= args.concurrency <= 512 or not 1 <= args.processes <= 8:
        sys.exit("--calls at least 10, --concurrency 1-512, --processes 1-8")
    configure(args)
    setup_django()
    flush_redis()
    numbers = prepare(args)
    plan_ = plan(args, numbers)
    servers = [start_daphne() for _ in range(args.processes)]
    ports = [port for _proc, port in servers]
    runs = []
    try:
        if not args.skip_bare:
            warm_up(ports, BARE_PATH)
            runs.append(
                asyncio.run(
                    drive(
                        "bare DRF: signature check only",
                        ports,
                        BARE_PATH,
                        plan_.calls,
                        args.concurrency,
                    )
                )
            )
        warm_up(ports, PRODUCT_PATH)
        runs.append(
            asyncio.run(
                drive(
                    "product: POST /api/v1/hotline/events/",
                    ports,
                    PRODUCT_PATH,
                    plan_.calls,
                    args.concurrency,
                )
            )
        )
    finally:
        for proc, _port in servers:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    report(args, plan_, runs, check(plan_))
    flush_redis()


if __name__ == "__main__":
    main()
