"""The SLA scan on 100,000 open work items on PostgreSQL: time and queries per pass.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/sla_bench.py [--items 100000] [--passes 20]

Creates (or reuses) its own database, ``helpdesk_bench_sla`` on the server of ``DATABASE_URL``,
migrates it and loads, with COPY, 100,000 open tickets whose first-response, next-response and
resolution clocks run (some paused, some already overdue) and the stopped clocks of 100,000
resolved or closed tickets (the history the partial indexes leave out). Then it measures
``helpdesk.sla.escalation.scan`` and ``scan_and_act``: (a) the steady state, a pass with nothing
due; (b) a pass where 500 clocks have just reached their warning instant and (b2) one where 500
have just reached their due instant (with the escalation run each breach starts); (c) the plans
(EXPLAIN ANALYZE, BUFFERS). Baselines in the same run: the same statement with index and bitmap
scans switched off (a sequential scan), and the naive pass that loads every running clock with
its item and compares in Python. Every pass's changes are undone, so runs can reuse the data.
The data set: bench/sla_rows.py builds its rows, bench/sla_data.py loads and resets it.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sla_data import Data, clean_redis, load_data, prepare, reset, vacuum  # noqa: E402
from sla_rows import BURST  # noqa: E402

TARGET_S = 1.0  # the target: one indexed query per pass, <= 1 s


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="open tickets")
    parser.add_argument(
        "--history", type=int, default=100_000, help="resolved/closed tickets (stopped clocks)"
    )
    parser.add_argument("--queues", type=int, default=5)
    parser.add_argument("--agents", type=int, default=40)
    parser.add_argument("--passes", type=int, default=20, help="timed passes per steady row")
    parser.add_argument("--burst-runs", type=int, default=5, help="timed scan() bursts")
    parser.add_argument("--act-runs", type=int, default=3, help="timed scan_and_act() bursts")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed naive Python passes")
    parser.add_argument("--db-name", default="helpdesk_bench_sla")
    parser.add_argument("--redis-db", type=int, default=15, help="Redis database for the bench")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    return parser.parse_args()


# --- measuring ----------------------------------------------------------------------------------


def shape(sql: str) -> str:
    """A short name for a statement: verb, tables, the start of its condition."""
    import re

    s = " ".join(sql.replace('"', "").split())
    head = s.split(" ", 1)[0].upper()
    if head == "WITH" and "UPDATE sla_slaclock" in s:
        return "the scan (WITH due ... FOR UPDATE SKIP LOCKED) UPDATE sla_slaclock ... RETURNING"
    if head == "SELECT":
        tables = re.findall(r" (?:FROM|JOIN) (\w+)", s)
        where = re.search(r" WHERE (.*?)(?: ORDER BY| LIMIT| FOR UPDATE|$)", s)
        cond = re.sub(r"\b\w+\.", "", where.group(1))[:50] if where else ""
        lock = " FOR UPDATE" if "FOR UPDATE" in s else ""
        return f"SELECT {' + '.join(dict.fromkeys(tables))}{lock} WHERE {cond}".strip()
    m = re.match(r"(INSERT INTO|UPDATE|DELETE FROM) (\w+)", s)
    return f"{m.group(1)} {m.group(2)}" if m else s[:70]


class QueryLog:
    """connection.execute_wrapper: counts every statement (on_commit callbacks included) and
    the time spent waiting on the database."""

    def __init__(self):
        self.count, self.seconds, self.shapes = 0, 0.0, Counter()

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
            self.shapes[shape(sql)] += 1


@contextmanager
def logged():
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        yield log


def timed(fn, runs: int, *, before=None, warmup: int = 2) -> tuple[list[float], list[QueryLog]]:
    """Run ``fn`` warmup + runs times (``before`` untimed before each); ms and query logs."""
    times, logs = [], []
    for i in range(warmup + runs):
        if before is not None:
            before()
        with logged() as log:
            started = time.perf_counter()
            fn()
            elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            times.append(elapsed)
            logs.append(log)
    return times, logs


def p50(values):
    return statistics.median(values)


def p95(values):
    import inbox_bench

    return inbox_bench.percentile(values, 0.95)


# Suggested rewrite (not in the product): each condition gets its own arm, ordered by the column
# its partial index holds, so each arm is a plain scan of sla_clock_warn_scan or
# sla_clock_due_scan that stops at the first entry after ``now``, whatever the planner estimates.
# The claimed rows are re-checked and locked in id order as before.
PROPOSED_SCAN = """
WITH candidates AS (
    (SELECT id FROM sla_slaclock
     WHERE state = 'running' AND warned_at IS NULL AND warn_at <= %(now)s
     ORDER BY warn_at LIMIT %(limit)s)
    UNION
    (SELECT id FROM sla_slaclock
     WHERE state = 'running' AND breached_at IS NULL AND due_at <= %(now)s
     ORDER BY due_at LIMIT %(limit)s)
), due AS (
    SELECT id,
           (warned_at IS NULL AND warn_at <= %(now)s) AS warn,
           (breached_at IS NULL AND due_at <= %(now)s) AS breach
    FROM sla_slaclock
    WHERE id IN (SELECT id FROM candidates)
      AND state = 'running'
      AND ((warned_at IS NULL AND warn_at <= %(now)s) OR (breached_at IS NULL AND due_at <= %(now)s))
    ORDER BY id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE sla_slaclock
SET warned_at = CASE WHEN due.warn THEN %(now)s ELSE sla_slaclock.warned_at END,
    breached_at = CASE WHEN due.breach THEN sla_slaclock.due_at ELSE sla_slaclock.breached_at END
FROM due
WHERE sla_slaclock.id = due.id
RETURNING sla_slaclock.id, due.warn, due.breach
"""


def scan_proposed(now, *, rollback: bool = False):
    """escalation.scan() with PROPOSED_SCAN: one statement, same result."""
    from django.db import connection, transaction

    from helpdesk.sla.escalation import SCAN_BATCH

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PROPOSED_SCAN, {"now": now, "limit": SCAN_BATCH})
        rows = cursor.fetchall()
        if rollback:
            transaction.set_rollback(True)
    return sorted(r[0] for r in rows if r[1]), sorted(r[0] for r in rows if r[2])


def scan_without_indexes(now, *, rollback: bool):
    """The same statement with index and bitmap scans off: a sequential scan of every clock."""
    from django.db import connection, transaction

    from helpdesk.sla.escalation import _SCAN, SCAN_BATCH

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;"
            " SET LOCAL enable_indexonlyscan = off"
        )
        cursor.execute(
            _SCAN.format(lock="FOR UPDATE SKIP LOCKED"), {"now": now, "limit": SCAN_BATCH}
        )
        rows = cursor.fetchall()
        if rollback:
            transaction.set_rollback(True)
    return sorted(r[0] for r in rows if r[1]), sorted(r[0] for r in rows if r[2])


def naive_pass(now):
    """What a help desk might write first: every running clock with its item, compared in
    Python (finding only; marking and claiming would come on top)."""
    from helpdesk.sla.models import SlaClock

    warned, breached = [], []
    for clock in SlaClock.objects.filter(state="running").select_related("item"):
        if clock.warned_at is None and clock.warn_at is not None and clock.warn_at <= now:
            warned.append(clock.pk)
        if clock.breached_at is None and clock.due_at is not None and clock.due_at <= now:
            breached.append(clock.pk)
    return sorted(warned), sorted(breached)


def explain_scan(now, *, indexes: bool = True, statement: str | None = None) -> list[str]:
    from django.db import connection, transaction

    from helpdesk.sla.escalation import _SCAN, SCAN_BATCH

    statement = statement or _SCAN.format(lock="FOR UPDATE SKIP LOCKED")

    with transaction.atomic(), connection.cursor() as cursor:
        if not indexes:
            cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, {"now": now, "limit": SCAN_BATCH})
        lines = [r[0] for r in cursor.fetchall()]
        transaction.set_rollback(True)  # EXPLAIN ANALYZE ran the UPDATE
    return lines


def explain_runs(now) -> list[str]:
    from helpdesk.sla.escalation import SCAN_BATCH
    from helpdesk.sla.models import EscalationRun, RunState

    qs = (
        EscalationRun.objects.filter(state=RunState.ACTIVE, next_at__lte=now)
        .order_by("next_at")
        .values_list("pk", flat=True)[:SCAN_BATCH]
    )
    return qs.explain(analyze=True, buffers=True).splitlines()


def row(group, label, times, logs, *, clocks=0, kind="scan"):
    counts = sorted({log.count for log in logs})
    shapes = Counter()
    for log in logs:
        shapes.update(log.shapes)
    return {
        "group": group,
        "label": label,
        "kind": kind,  # scan (one statement), act (scan_and_act), seq, naive
        "clocks": clocks,
        "p50": p50(times),
        "p95": p95(times),
        "queries": str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}",
        "query_count": statistics.mean(log.count for log in logs),
        "db_ms": statistics.mean(log.seconds for log in logs) * 1000,
        "shapes": {k: v / len(logs) for k, v in shapes.items()},
    }


def measure(args, data: Data) -> dict:
    from helpdesk.sla import escalation

    out: dict = {"rows": [], "plans": {}}
    rows = out["rows"]
    a, now_warn, now_breach = data.anchor, data.now_warn, data.now_breach
    empty = ([], [])
    warn_only = (data.warn_ids, [])
    breach_only = ([], data.breach_ids)
    results: list = []

    def check(expected, what):
        assert all(r == expected for r in results), f"{what}: not exactly the expected clocks"
        results.clear()

    # Correctness first: every way of finding what is due agrees, at each instant.
    reset(data)
    for now, expected in ((a, empty), (now_warn, warn_only)):
        assert naive_pass(now) == expected
        assert scan_without_indexes(now, rollback=True) == expected
        assert scan_proposed(now, rollback=True) == expected

    # (a) the steady state: nothing due (most passes).
    group = "(a) nothing due"
    t = timed(lambda: results.append(escalation.scan(a)), args.passes)
    rows.append(row(group, "scan()", *t))
    t = timed(lambda: results.append(scan_proposed(a)), args.passes)
    rows.append(row(group, "suggested statement (2 index arms)", *t))
    t = timed(lambda: results.append(scan_without_indexes(a, rollback=False)), args.passes)
    rows.append(row(group, "baseline: same statement, seq scan", *t, kind="seq"))
    t = timed(lambda: results.append(naive_pass(a)), args.naive_runs, warmup=1)
    rows.append(row(group, "baseline: naive Python pass", *t, kind="naive"))
    check(empty, "steady pass")
    t = timed(lambda: results.append(escalation.scan_and_act(a)), args.passes)
    rows.append(row(group, "scan_and_act()", *t, kind="act"))
    assert results[-1] == {"warned": 0, "breached": 0, "steps": 0}, results[-1]
    results.clear()

    # (b) 500 clocks have just reached their warning instant.
    group, n = "(b) 500 warnings due", len(data.warn_ids)
    before = functools.partial(reset, data)
    t = timed(lambda: results.append(escalation.scan(now_warn)), args.burst_runs, before=before)
    rows.append(row(group, "scan()", *t, clocks=n))
    t = timed(lambda: results.append(scan_proposed(now_warn)), args.burst_runs, before=before)
    rows.append(row(group, "suggested statement (2 index arms)", *t, clocks=n))
    reset(data)
    t = timed(
        lambda: results.append(scan_without_indexes(now_warn, rollback=True)), args.burst_runs
    )
    rows.append(row(group, "baseline: same statement, seq scan", *t, clocks=n, kind="seq"))
    t = timed(lambda: results.append(naive_pass(now_warn)), args.naive_runs, warmup=1)
    rows.append(row(group, "baseline: naive Python pass", *t, clocks=n, kind="naive"))
    check(warn_only, "warn burst")
    t = timed(
        lambda: results.append(escalation.scan_and_act(now_warn)),
        args.act_runs,
        before=before,
        warmup=1,
    )
    rows.append(row(group, "scan_and_act(): warn, tell", *t, clocks=n, kind="act"))
    assert results[-1] == {"warned": BURST, "breached": 0, "steps": 0}, results[-1]
    results.clear()

    # (b2) 500 clocks have just reached their due instant: breach, a run, its level 0.
    group, n = "(b2) 500 breaches due", len(data.breach_ids)
    before = functools.partial(reset, data, warned=True)
    t = timed(lambda: results.append(escalation.scan(now_breach)), args.burst_runs, before=before)
    rows.append(row(group, "scan()", *t, clocks=n))
    t = timed(lambda: results.append(scan_proposed(now_breach)), args.burst_runs, before=before)
    rows.append(row(group, "suggested statement (2 index arms)", *t, clocks=n))
    check(breach_only, "breach burst")
    t = timed(
        lambda: results.append(escalation.scan_and_act(now_breach)),
        args.act_runs,
        before=before,
        warmup=1,
    )
    rows.append(row(group, "scan_and_act(): breach, run, step", *t, clocks=n, kind="act"))
    assert results[-1] == {"warned": 0, "breached": BURST, "steps": BURST}, results[-1]
    results.clear()

    # (c) the plans.
    reset(data)
    plans = out["plans"]
    plans["scan, nothing due"] = explain_scan(a)
    plans["scan, 500 warnings due"] = explain_scan(now_warn)
    plans["scan, 500 warnings due, index and bitmap scans off (baseline)"] = explain_scan(
        now_warn, indexes=False
    )
    plans["suggested statement, nothing due"] = explain_scan(a, statement=PROPOSED_SCAN)
    plans["suggested statement, 500 warnings due"] = explain_scan(now_warn, statement=PROPOSED_SCAN)
    plans["run_due_steps' query (scan_and_act's second), nothing due"] = explain_runs(a)
    return out


def uses(lines: list[str], index: str) -> bool:
    return any(f"using {index} " in line or f"on {index} " in line for line in lines)


# --- printing -----------------------------------------------------------------------------------


def print_report(args, data: Data, out: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    c = data.counts
    print()
    print(
        f"SLA scan: {args.items:,} open tickets and {args.history:,} resolved/closed in"
        f" {args.queues} queues; {data.total_clocks:,} clocks: {c.get('running', 0):,} running"
        f" ({data.overdue:,} of them overdue), {c.get('paused', 0):,} paused,"
        f" {c.get('met', 0):,} met, {c.get('breached', 0):,} breached,"
        f" {c.get('cancelled', 0):,} cancelled. PostgreSQL {version}."
    )
    print(
        f"Times in ms; {args.passes} passes per row of (a), {args.burst_runs} per scan row of"
        f" (b) and (b2), {args.act_runs} per scan_and_act() burst, {args.naive_runs} naive;"
        " changes undone between runs."
    )
    print(
        f"At this load about {data.warn_rate:.0f} warnings and {data.breach_rate:.0f} breaches"
        " come due per 30-s beat (SLA_SCAN_SECONDS); a 500-clock pass is a backlog of ~"
        f"{500 / max(data.warn_rate + data.breach_rate, 0.1) / 2:.0f} min."
    )
    by_group: dict = {}
    for r in out["rows"]:
        by_group.setdefault(r["group"], {})[r["kind"] + r["label"][:9]] = r
    print()
    header = (
        f"{'pass':<22} {'what':<36} {'p50':>9} {'p95':>9} {'queries':>7} {'DB ms':>8}"
        f" {'seq/this':>8} {'naive/this':>10} {'ms/clock':>8} {'q/clock':>7}  target"
    )
    print(header)
    print("-" * len(header))
    for r in out["rows"]:
        peers = by_group[r["group"]]
        seq = next((p for p in peers.values() if p["kind"] == "seq"), None)
        naive = next((p for p in peers.values() if p["kind"] == "naive"), None)
        ratio_seq = ratio_naive = per_clock = q_clock = target = ""
        if r["kind"] == "scan":
            if seq:
                ratio_seq = f"{seq['p50'] / r['p50']:.2f}"
            if naive:
                ratio_naive = f"{naive['p50'] / r['p50']:.0f}"
        if r["kind"] == "act" and r["clocks"]:
            per_clock = f"{r['p50'] / r['clocks']:.2f}"
            q_clock = f"{(r['query_count'] - 2) / r['clocks']:.1f}"
        if r["label"] == "scan()" and r["group"] != "(b2) 500 breaches due":
            indexed = out["indexed"]["scan"]
            ok = r["queries"] == "1" and r["p95"] <= TARGET_S * 1000
            target = "ok" if ok and indexed else ("not indexed" if ok else "MISSED")
        elif r["label"].startswith("suggested") and r["group"] != "(b2) 500 breaches due":
            ok = r["queries"] == "1" and r["p95"] <= TARGET_S * 1000
            target = "ok" if ok and out["indexed"]["suggested"] else "MISSED"
        elif r["kind"] == "act":
            target = "time ok" if r["p95"] <= TARGET_S * 1000 else f"> {TARGET_S:g} s"
        print(
            f"{r['group']:<22} {r['label']:<36} {r['p50']:>9.2f} {r['p95']:>9.2f}"
            f" {r['queries']:>7} {r['db_ms']:>8.1f} {ratio_seq:>8} {ratio_naive:>10}"
            f" {per_clock:>8} {q_clock:>7}  {target}"
        )
    print()
    print(
        "DB ms: time in database calls (mean per pass); the rest is Python (ORM, serializer,"
        " Redis publishes, Celery sends). seq/this, naive/this: the baseline's p50 over this"
        " row's. q/clock: statements per claimed clock besides the scan and the runs query."
    )
    for r in out["rows"]:
        if r["kind"] == "act" and r["clocks"]:
            print()
            print(f"Statements per pass, {r['group']}, {r['label']} (mean over the runs):")
            for name, count in sorted(r["shapes"].items(), key=lambda kv: -kv[1]):
                print(f"  {count:>7.0f}  {name}")
    for title, lines in out["plans"].items():
        print()
        print(f"EXPLAIN (ANALYZE, BUFFERS), {title}:")
        for line in lines:
            print(f"  {line}")
    print()
    for name, (warn_ix, due_ix) in out["index_use"].items():
        print(
            f"{name}: uses sla_clock_warn_scan: {'yes' if warn_ix else 'NO'},"
            f" sla_clock_due_scan: {'yes' if due_ix else 'NO'}."
        )
    print(f"Target: one indexed query per pass, <= {TARGET_S:g} s.")


def main() -> int:
    args = parse_args()
    prepare(args)
    load_data(args)
    data = Data()
    reset(data)
    vacuum()
    try:
        out = measure(args, data)
    finally:
        reset(data)
        vacuum()
        queued = clean_redis(args)
    plans = out["plans"]
    out["index_use"] = {}
    out["indexed"] = {}
    for name, prefix in (("scan", "scan, "), ("suggested", "suggested statement, ")):
        steady, burst = plans[prefix + "nothing due"], plans[prefix + "500 warnings due"]
        found = tuple(
            uses(steady, ix) and uses(burst, ix)
            for ix in ("sla_clock_warn_scan", "sla_clock_due_scan")
        )
        out["index_use"][f"The {'product' if name == 'scan' else 'suggested'} statement"] = found
        out["indexed"][name] = all(found)
    print_report(args, data, out)
    print(f"(Celery mails the passes queued, dropped from Redis db {args.redis_db}: {queued:,}.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
