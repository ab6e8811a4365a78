"""The reports on 1,000,000 work items on PostgreSQL: time and queries per report.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/reports_bench.py [--items 1000000] [--runs 3] [--keep] [--reuse]

Creates its own database, ``helpdesk_bench_reports`` on the server of ``DATABASE_URL``, migrates
it and loads, with set-based SQL (``INSERT … SELECT … generate_series``), ``--items`` work items
spread over the 12 months before the current one, with their tickets, calls, SLA clocks and
ratings; then ``VACUUM ANALYZE``. For each report (the service report by every grouping for last
month and the last three months, the daily problems, the monthly report, the ledger's month and
the ranking of the last whole quarter, the wallboard snapshot when ``helpdesk.reports.wallboard``
exists) it prints the median time of ``--runs`` runs after one warm-up, and the queries one run
costs. Baselines in the same run: a bare ``COUNT(*)`` of the period's items, and the period's
first-response median computed in Python from the fetched rows. It prints the load average
(shared machines: compare the reports with the baselines). The database is dropped at the end
(``--keep`` keeps it).

``--reuse`` skips creating and loading when ``helpdesk_bench_reports`` already exists and holds
work items (a run with ``--keep`` left it; loading 1,000,000 items takes minutes): it only
migrates (so new indexes are built), runs ``ANALYZE`` and measures. The data is not checked
against ``--items`` and is not moved: its months are those before the month it was loaded in, so
reuse it within that month (or reload without ``--reuse``). Without ``--reuse`` (or when the
database is missing or empty) the database is dropped and rebuilt as above. Combine with
``--keep`` to keep it for the next run.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_S = 1.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--queues", type=int, default=20)
    parser.add_argument("--agents", type=int, default=60)
    parser.add_argument("--categories", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db-name", default="helpdesk_bench_reports")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the existing bench database when it holds data (no create, no load)",
    )
    parser.add_argument("--rebuild", action="store_true", help="(rebuilt unless --reuse)")
    parser.add_argument(
        "--live",
        action="store_true",
        help="measure the reports read live (no roll-ups: the figures before decision 0022)",
    )
    return parser.parse_args()


def load(args, anchor: dt.datetime) -> float:
    """Everything in set-based SQL; returns the seconds it took."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.queues.models import Category, Queue

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    password = make_password("bench-pass")
    User.objects.create(username="bench-manager", password=password)
    agents = User.objects.bulk_create(
        [User(username=f"bench-agent-{i}", password=password) for i in range(args.agents)]
    )
    UserRole.objects.bulk_create([UserRole(user=a, role="agent") for a in agents])
    queues = Queue.objects.bulk_create(
        [Queue(name=f"Bench queue {i}", slug=f"bench-{i}") for i in range(args.queues)]
    )
    categories = Category.objects.bulk_create(
        [Category(name=f"Bench category {i}") for i in range(args.categories)]
    )
    q0, a0, c0 = queues[0].pk, agents[0].pk, categories[0].pk
    nq, na, nc = len(queues), len(agents), len(categories)
    span_s = 365 * 86400
    with connection.cursor() as cur:
        # Items: created uniformly over the 365 days before the anchor; 60 % tickets, 20 % chats,
        # 12 % calls, 3 % complaints, 3 % ring-backs, 2 % order enquiries; 90 % assigned; 85 %
        # categorised; 92 % answered (first response within 0-4 h); 90 % resolved within 0-5 days
        # (the latest ones still open), 70 % of those closed.
        cur.execute(
            f"""
            INSERT INTO queues_workitem (kind, queue_id, subject, status, priority, assignee_id,
                category_id, skill, created_at, updated_at, assigned_at, first_response_at,
                resolved_at, closed_at)
            SELECT kind, {q0} + (g %% {nq}), 'Bench item ' || g,
                CASE WHEN resolved IS NULL THEN (ARRAY['new','open','pending','on_hold'])[1 + g %% 4]
                     WHEN g %% 10 < 7 THEN 'closed' ELSE 'resolved' END,
                1 + g %% 4,
                CASE WHEN g %% 10 = 0 THEN NULL ELSE {a0} + (g * 7 %% {na}) END,
                CASE WHEN g %% 20 < 3 THEN NULL ELSE {c0} + (g * 13 %% {nc}) END,
                '', created, created,
                CASE WHEN g %% 10 = 0 THEN NULL ELSE created + make_interval(secs => g %% 1800) END,
                CASE WHEN g %% 25 < 2 THEN NULL
                     ELSE created + make_interval(secs => 30 + (g * 31 %% 14400)) END,
                resolved,
                CASE WHEN resolved IS NOT NULL AND g %% 10 < 7 THEN resolved END
            FROM (
                SELECT g, created,
                    CASE WHEN r < 0.6 THEN 'ticket' WHEN r < 0.8 THEN 'chat'
                         WHEN r < 0.92 THEN 'call' WHEN r < 0.95 THEN 'complaint'
                         WHEN r < 0.98 THEN 'callback' ELSE 'order_enquiry' END AS kind,
                    CASE WHEN g %% 10 = 9 THEN NULL
                         WHEN created + make_interval(secs => 600 + (g * 17 %% 432000)) < %s
                         THEN created + make_interval(secs => 600 + (g * 17 %% 432000)) END
                        AS resolved
                FROM (
                    SELECT g, random() AS r,
                        %s - make_interval(secs => {span_s} * (g::float8 / {args.items}))
                            AS created
                    FROM generate_series(1, {args.items}) g
                ) s
            ) t
            """,
            [anchor, anchor],
        )
        cur.execute(
            "INSERT INTO tickets_ticket (item_id, channel, requester_email, requester_name)"
            " SELECT id, 'email', '', '' FROM queues_workitem WHERE kind = 'ticket'"
        )
        # 1 % of the tickets merged into the ticket before them.
        cur.execute(
            "UPDATE tickets_ticket t SET merged_into_id = t.item_id - 1 FROM queues_workitem w"
            " WHERE w.id = t.item_id AND t.item_id % 100 = 0"
            " AND EXISTS (SELECT 1 FROM tickets_ticket p WHERE p.item_id = t.item_id - 1)"
        )
        # Calls: 85 % inbound; answered 80 %, missed 8 %, abandoned 8 %, voicemail 4 %.
        cur.execute(
            """
            INSERT INTO hotline_call (item_id, source, pbx_call_id, direction, from_number,
                to_number, queue_id, agent_id, agent_extension, state, initiated_at, answered_at,
                ended_at, wait_seconds, talk_seconds, hangup_cause, outcome, notes, created_at,
                updated_at)
            SELECT id, 'manual', '', CASE WHEN id % 20 < 3 THEN 'outbound' ELSE 'inbound' END,
                '', '', queue_id, assignee_id, '',
                CASE WHEN id % 25 < 20 THEN 'answered' WHEN id % 25 < 22 THEN 'missed'
                     WHEN id % 25 < 24 THEN 'abandoned' ELSE 'voicemail' END,
                created_at, NULL, created_at + interval '5 minutes', id % 120,
                CASE WHEN id % 25 < 20 THEN 30 + id % 900 END, '', '', '', created_at, created_at
            FROM queues_workitem WHERE kind = 'call'
            """
        )
        # Clocks: a first-response clock on every answered item, a resolution clock on every
        # resolved one; 88 % met, 12 % breached (breached at the due time).
        cur.execute(
            """
            INSERT INTO sla_slaclock (item_id, kind, target_seconds, warn_percent, state,
                started_at, used_seconds, due_at, breached_at, stopped_at)
            SELECT id, k, t, 80, CASE WHEN id % 25 < 22 THEN 'met' ELSE 'breached' END,
                created_at, 0, created_at + make_interval(secs => t),
                CASE WHEN id % 25 >= 22 THEN created_at + make_interval(secs => t) END,
                stop
            FROM (
                SELECT id, created_at, 'first_response' AS k, 7200 AS t, first_response_at AS stop
                FROM queues_workitem WHERE first_response_at IS NOT NULL
                UNION ALL
                SELECT id, created_at, 'resolution', 172800, resolved_at
                FROM queues_workitem WHERE resolved_at IS NOT NULL
            ) c
            """
        )
        # Ratings: 30 % of the resolved items, an hour after the resolution; scores skewed high.
        cur.execute(
            """
            INSERT INTO quality_rating (item_id, score, comment, source, created_at)
            SELECT id, (ARRAY[1,2,3,4,4,5,5,5,5,5])[1 + id * 7 % 10], '', 'link',
                resolved_at + interval '1 hour'
            FROM queues_workitem WHERE resolved_at IS NOT NULL AND id % 10 < 3
            """
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def timed(fn, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    times = []
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), queries


def measure(args) -> list[tuple]:
    from django.db import connection
    from django.utils import timezone

    from helpdesk.quality import ledger
    from helpdesk.reports import monthly, problems, service
    from helpdesk.reports.aggregates import percentile_cont
    from helpdesk.reports.periods import Span

    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month_end = this_month - dt.timedelta(days=1)
    month = Span(last_month_end.replace(day=1), last_month_end)
    # The last three months (before: ``month.first - 62 days`` reached back four months).
    q_year, q_month = divmod(month.first.year * 12 + month.first.month - 1 - 2, 12)
    quarter = Span(dt.date(q_year, q_month + 1, 1), last_month_end)
    rows = []

    def baseline_count(span):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM queues_workitem WHERE created_at >= %s AND created_at < %s",
                [span.start, span.end],
            )
            return cur.fetchone()[0]

    def baseline_python(span):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT extract(epoch FROM first_response_at - created_at)::float8 FROM queues_workitem"
                " WHERE created_at >= %s AND created_at < %s AND first_response_at IS NOT NULL",
                [span.start, span.end],
            )
            return percentile_cont([r[0] for r in cur.fetchall()], 0.5)

    spans = [("month", month), ("quarter", quarter)]
    if not args.live:  # this month so far: the closed days rolled up, today read live
        spans.append(("this month", Span(this_month, today)))
    for label, span in spans:
        n = baseline_count(span)
        t, q = timed(lambda s=span: baseline_count(s), args.runs)
        rows.append((f"baseline COUNT(*) {label}", n, t, q))
        t, q = timed(lambda s=span: baseline_python(s), args.runs)
        rows.append((f"baseline Python median {label}", n, t, q))
        for by in service.DIMENSIONS:
            t, q = timed(lambda s=span, b=by: service.service_report(s, by=b), args.runs)
            rows.append((f"service by={by} {label}", n, t, q))
    day = last_month_end
    t, q = timed(lambda: problems.daily_problems(day), args.runs)
    rows.append((f"daily problems {day}", None, t, q))
    t, q = timed(lambda: monthly.monthly_report(month), args.runs)
    rows.append((f"monthly {month.first:%Y-%m}", None, t, q))
    period = ledger.month_period(f"{month.first:%Y-%m}")
    t, q = timed(lambda: ledger.ledger(period), args.runs)
    rows.append((f"ledger month {month.first:%Y-%m}", None, t, q))
    # The last whole calendar quarter before this month (the quarter holding last month has only
    # that month's data when last month does not end a quarter).
    q_end = last_month_end
    while q_end.month % 3:
        q_end = q_end.replace(day=1) - dt.timedelta(days=1)
    quarter_period = ledger.quarter_period(f"{q_end.year}-Q{q_end.month // 3}")
    t, q = timed(lambda: ledger.ranking(quarter_period), args.runs)
    rows.append((f"ranking {quarter_period.label}", None, t, q))
    try:
        from helpdesk.reports.wallboard import wallboard_snapshot
    except ImportError:
        wallboard_snapshot = None
    if wallboard_snapshot is not None:
        t, q = timed(wallboard_snapshot, args.runs)
        rows.append(("wallboard snapshot", None, t, q))
    return rows


def build_rollups() -> str:
    """Rebuild the roll-ups of every closed day of the horizon (as after a load; decision 0022),
    timed, then ``refresh`` (nothing left to do)."""
    from django.db import connection

    from helpdesk.reports import rollups
    from helpdesk.reports.models import RollupChange, ServiceRollup, ServiceRollupValue

    last = rollups.closed_until()
    first = last - dt.timedelta(days=rollups.DEFAULT_HORIZON_DAYS - 1)
    RollupChange.objects.all().delete()  # the raw-SQL load noted nothing; a reuse may have
    started = time.perf_counter()
    rows = rollups.build(first, last)
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("ANALYZE reports_servicerollup, reports_servicerollupvalue, reports_rollupday")
    left = rollups.refresh()
    values = ServiceRollupValue.objects.count()
    assert rows == ServiceRollup.objects.count()
    return (
        f"built {first}..{last} in {seconds:.1f} s: {rows:,} roll-up rows, {values:,} values"
        f" (refresh after: {len(left)} spans to build)"
    )


def _has_data(args) -> bool:
    """True when the bench database exists and holds work items (``--reuse``)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return False
    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres"))) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.db_name]
        ).fetchone()
    if not exists:
        return False
    bench = urllib.parse.urlunsplit(parts._replace(path=f"/{args.db_name}"))
    with psycopg.connect(bench) as conn:
        table = conn.execute("SELECT to_regclass('queues_workitem')").fetchone()[0]
        if table is None:
            return False
        return conn.execute("SELECT EXISTS (SELECT 1 FROM queues_workitem)").fetchone()[0]


def main() -> int:
    import inbox_bench

    args = parse_args()
    reusing = args.reuse and _has_data(args)
    args.rebuild = not reusing  # a fresh database unless --reuse finds one with data
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        parts = urllib.parse.urlsplit(redis_url)
        os.environ["REDIS_URL"] = urllib.parse.urlunsplit(parts._replace(path="/14"))
    os.environ.setdefault("CHANNELS_PREFIX", "reports-bench")
    os.environ.setdefault("CACHE_KEY_PREFIX", "reports-bench")
    bench_url = inbox_bench.prepare_database(args)
    inbox_bench.setup_django(bench_url)
    try:
        from django.utils import timezone

        anchor = timezone.make_aware(
            dt.datetime.combine(timezone.localdate().replace(day=1), dt.time.min)
        )
        from django.db import connection

        if reusing:
            from django.core.management import call_command

            started = time.perf_counter()
            call_command("migrate", "--noinput", verbosity=0)
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
            seconds = time.perf_counter() - started
            print(f"Reusing the database {args.db_name} (migrated and analysed in {seconds:.1f} s)")
        else:
            seconds = load(args, anchor)
        with connection.cursor() as cur:
            counts = {}
            for table in (
                "queues_workitem",
                "sla_slaclock",
                "quality_rating",
                "hotline_call",
                "tickets_ticket",
            ):
                cur.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cur.fetchone()[0]
        loaded = "Reused" if reusing else f"Loaded in {seconds:.1f} s"
        print(f"{loaded}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        from django.conf import settings

        if args.live:
            settings.REPORTS_ROLLUPS = False
            print("Roll-ups off: every report read live")
        else:
            print(f"Roll-ups: {build_rollups()}")
        print(f"Load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'report':40} {'items':>9} {'median s':>9} {'queries':>8}  target")
        print("-" * 78)
        for label, n, t, q in measure(args):
            ok = "ok" if t <= TARGET_S else "MISS"
            items = f"{n:,}" if n is not None else ""
            print(f"{label:40} {items:>9} {t:9.3f} {q:8d}  {ok}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            import psycopg

            parts = urllib.parse.urlsplit(bench_url)
            admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{args.db_name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
