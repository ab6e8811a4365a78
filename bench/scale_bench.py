"""Scale-out and faults: the whole product as in production (N daphne behind a proxy, N Celery
workers, beat, the supplier simulator) under mixed load, with N = 2 and N = 1 in the same run,
and the same load while Redis restarts, a worker and a daphne are killed, and PostgreSQL stalls.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/scale_bench.py [--seconds 30] [--faults|--no-faults] [--single]

- The machine's PostgreSQL (``DATABASE_URL``'s server) holds the bench's own database,
  ``helpdesk_bench_scale`` (``--db-name``); the app processes reach it through a small TCP link
  of the bench's own (bench/tcp_proxy.py), which the PostgreSQL fault stops for a few seconds.
- Redis: a redis-server of the bench's own on a free port (append-only, as in production), so
  restarting it touches nobody else.
- Front: bench/tcp_proxy.py, round-robin per connection over the daphne processes.
- Load (bench/scale_load.py): ``--pairs`` chats (both sides every ``--period`` s) and ``--lines``
  HTTP clients (tickets, calls, orders, widget chats, inbox reads), for ``--seconds``; or, with
  ``--rate R``, those HTTP operations as an open stream of R a second (a slow configuration
  makes them queue instead of slowing the arrivals: the fairer comparison of 2 and 1 of each).

Configurations, one after the other: "2 of each" and "1 of each" (``--single``: only the
latter), then with ``--faults`` (the default) "2 of each + faults". Each prints a table: ops/s
and p50/p95/p99 per operation, errors by kind, then the checks (chat messages lost and
duplicated, orders charged or submitted twice, tickets without an owner, open orders with no
next step, widget chats left waiting, SLA steps run twice or overdue): every one must be 0. See
bench/README.md ("Scale-out and faults") and docs/operations.md ("Faults").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_checks import checks, print_checks  # noqa: E402
from scale_desks import Desks  # noqa: E402
from scale_load import Driver, pct  # noqa: E402
from scale_world import (  # noqa: E402
    Apps,
    Infra,
    chat_pairs,
    prime_sla,
    setup_data,
    wait_until,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="load time per configuration")
    parser.add_argument("--faults", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--single", action="store_true", help="only the one-of-each run")
    parser.add_argument("--pairs", type=int, default=40, help="chat conversations")
    parser.add_argument("--period", type=float, default=2.0, help="chat send period per side")
    parser.add_argument("--lines", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="HTTP operations a second as an open stream (0: --lines closed-loop clients)",
    )
    parser.add_argument("--settle", type=float, default=60.0, help="longest wait after the load")
    parser.add_argument("--db-name", default="helpdesk_bench_scale")
    return parser.parse_args()


# --- faults -------------------------------------------------------------------------------------


class Faults(threading.Thread):
    """At 15 %, 35 %, 55 % and 75 % of the run: Redis restarted (2 s down), worker 0 killed
    (SIGKILL, started again 3 s later), daphne 0 killed (likewise), PostgreSQL stalled 5 s."""

    def __init__(self, infra: Infra, apps: Apps, seconds: float):
        super().__init__(daemon=True)
        self.infra, self.apps, self.seconds = infra, apps, seconds
        self.log: list[str] = []
        self.started = time.monotonic()

    def note(self, text: str) -> None:
        line = f"  t={time.monotonic() - self.started:5.1f}s  {text}"
        self.log.append(line)
        print(line, flush=True)

    def at(self, share: float) -> None:
        time.sleep(max(0.0, self.started + share * self.seconds - time.monotonic()))

    def run(self) -> None:
        plan = [
            (0.15, "redis restarted (SIGTERM, 2 s down)", lambda: self.infra.restart_redis(2)),
            (
                0.35,
                "worker0 killed (SIGKILL, back 3 s later)",
                lambda: self.apps.crash_worker(0, 3),
            ),
            (
                0.55,
                "web0 (daphne) killed (SIGKILL, back 3 s later)",
                lambda: self.apps.crash_web(0, 3),
            ),
            (0.75, "PostgreSQL stalled 5 s (link SIGSTOP/SIGCONT)", lambda: self.infra.pause_pg(5)),
        ]
        for share, text, action in plan:
            self.at(share)
            self.note(f"fault: {text}")
            try:
                action()
            except BaseException as exc:
                self.note(f"fault failed: {type(exc).__name__}: {exc}")
            self.note("  ... back")


# --- one configuration ----------------------------------------------------------------------------


def chat_runner(args, apps: Apps, chats: list[dict]):
    from chat_bench import Agent, Visitor
    from chat_load import Runner

    ws = apps.base_url.replace("http://", "ws://")
    origin = {"Origin": apps.base_url}
    pairs = [
        (
            Visitor(f"{ws}/ws/chat/visitor/?token={c['token']}", origin, c["conversation"]),
            Agent(f"{ws}/ws/chat/agent/", {**origin, "Cookie": c["cookie"]}, c["conversation"]),
        )
        for c in chats[: args.pairs]
    ]
    return Runner(pairs, period=args.period, duration=args.seconds, drain=20)


def run_config(args, infra: Infra, data: dict, n: int, label: str, faults: bool) -> dict:
    from django.utils import timezone

    print(f"\n== {label}: starting {n} daphne, {n} worker(s), beat ...", flush=True)
    data["chats"] = chat_pairs(args)
    apps = Apps(infra, n, label)
    apps.start()
    stop_supervisor = threading.Event()
    threading.Thread(target=apps.supervise, args=(stop_supervisor,), daemon=True).start()
    desks = Desks(apps.base_url, data)
    desks.start()
    try:
        wait_until(lambda: apps.chat_open(data["chat_queue"]), "chat desks online", timeout=30)
        since = timezone.now()
        primed = prime_sla(apps, data, args.seconds)
        print(f"  {primed} tickets with first-response clocks falling due during the load")
        load_before = os.getloadavg()
        driver = Driver(
            apps.base_url, data, lines=args.lines, seconds=args.seconds, seed=n, rate=args.rate
        )
        runner = chat_runner(args, apps, data["chats"])
        fault_thread = Faults(infra, apps, args.seconds) if faults else None
        if fault_thread:
            fault_thread.start()
        wall = time.monotonic()
        cpu = time.process_time()
        tally = asyncio.run(driver.run(runner))
        elapsed = min(time.monotonic() - wall, args.seconds)
        driver_cpu = (time.process_time() - cpu) / (time.monotonic() - wall)
        if fault_thread:
            fault_thread.join()
        load_after = os.getloadavg()
        result = {
            "label": label,
            "tally": tally,
            "chat": driver.chat,
            "seconds": elapsed,
            "load": (load_before, load_after),
            "driver_cpu": driver_cpu,
            "mode": f"open stream of {args.rate:g} HTTP ops/s"
            if args.rate
            else f"{args.lines} HTTP clients",
        }
        print_table(result)
        result["checks"] = checks(args, infra, data, since, tally, driver.chat, desks)
        print_checks(result["checks"])
        print(f"  unplanned exits (restarted as Docker would): {apps.restarts or 'none'}")
        return result
    finally:
        desks.stop()
        stop_supervisor.set()
        apps.stop()


def print_table(result: dict) -> None:
    tally, chat, seconds = result["tally"], result["chat"], result["seconds"]
    print(f"\n{result['label']}: {seconds:.0f} s of load ({result['mode']})")
    print(f"  {'operation':10} {'done':>7} {'ops/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for op in ("inbox", "ticket", "call", "order", "chat"):
        values = tally.latencies.get(op, [])
        print(
            f"  {op:10} {len(values):>7} {len(values) / seconds:>7.1f} "
            f"{pct(values, 50):>8.1f} {pct(values, 95):>8.1f} {pct(values, 99):>8.1f}"
        )
    row = chat.row()
    print(
        f"  {'chat msg':10} {row['delivered']:>7} {row['delivered'] / seconds:>7.1f} "
        f"{row['p50']:>8.1f} {row['p95']:>8.1f} {row['p99']:>8.1f}   (end to end, sent "
        f"{row['sent']}, reconnects {row['reconnects']}, connect errors {row['connect_errors']})"
    )
    total = sum(len(v) for v in tally.latencies.values()) + row["delivered"]
    print(f"  all operations: {total / seconds:.1f}/s")
    if tally.errors:
        print("  errors by kind:")
        for (op, kind), count in sorted(tally.errors.items()):
            print(f"    {op:8} {kind:40} {count:>6}")
    else:
        print("  errors: none")
    before, after = result["load"]
    print(
        f"  load average before {before[0]:.2f}, after {after[0]:.2f}; the bench's own process "
        f"used {result['driver_cpu']:.0%} of a core"
    )


def main() -> int:
    args = parse_args()
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to a PostgreSQL server (its server hosts the bench db)")
    infra = Infra(admin_url, args.db_name)
    results = []
    try:
        infra.start_redis()
        infra.start_pg_link()
        infra.start_simulator()
        data = setup_data(args, infra)
        configs = [] if args.single else [(2, "2 of each")]
        configs.append((1, "1 of each"))
        if args.faults and not args.single:
            configs.append((2, "2 of each + faults"))
        for n, label in configs:
            results.append(run_config(args, infra, data, n, label, "faults" in label))
    finally:
        infra.stop()
    print(f"\nlogs: {infra.tmp}")
    failed = [r["label"] for r in results if any(r["checks"].values())]
    print("every loss counter 0: " + ("yes" if not failed else f"NO ({', '.join(failed)})"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
