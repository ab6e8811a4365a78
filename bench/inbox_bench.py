"""The inbox under load: 100,000 work items on PostgreSQL, measured through the real API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/inbox_bench.py

Creates (or reuses) its own database, ``helpdesk_bench`` on the server of ``DATABASE_URL``,
migrates it, bulk-loads the data once, then fetches ``/api/v1/inbox/`` pages in-process with
Django's test client as a manager (sees everything) and as an agent (sees their queues): page 1
and a deep page, unfiltered and ticket-list-like (``?kind=ticket&status=open``). For each it
prints p50/p95 over the runs, the queries a page costs, and the floor measured in the same run:
the same page fetched with one hand-written SQL query. See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 50.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queues", type=int, default=20)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--deep-page", type=int, default=1000)
    parser.add_argument("--db-name", default="helpdesk_bench")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    return parser.parse_args()


# --- the database -------------------------------------------------------------------------------


def prepare_database(args) -> str:
    """Create the bench database beside DATABASE_URL's (dropping it with --rebuild)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL must point to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    parts = urllib.parse.urlsplit(url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.db_name]
        ).fetchone()
        if exists and args.rebuild:
            conn.execute(f'DROP DATABASE "{args.db_name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db_name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{args.db_name}"))


def setup_django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings.local"
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log kept
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def load_data(args) -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.customers.models import Customer
    from helpdesk.queues.models import Kind, Queue, QueueMembership, Tag, WorkItem

    call_command("migrate", "--noinput", verbosity=0)
    if WorkItem.objects.count() == args.items and Queue.objects.count() == args.queues:
        print(f"Reusing {args.items:,} work items in the bench database (--rebuild to reload).")
        return
    if WorkItem.objects.exists():
        sys.exit("The bench database holds other data: run with --rebuild.")

    started = time.perf_counter()
    rng = random.Random(42)
    password = make_password("bench-pass")
    manager = User.objects.create(username="bench-manager", password=password)
    agents = User.objects.bulk_create(
        [User(username=f"bench-agent-{i}", password=password) for i in range(args.agents)]
    )
    UserRole.objects.bulk_create(
        [UserRole(user=manager, role="manager")] + [UserRole(user=a, role="agent") for a in agents]
    )
    queues = Queue.objects.bulk_create(
        [Queue(name=f"Queue {i:02d}", slug=f"queue-{i:02d}") for i in range(args.queues)]
    )
    members: dict[int, list[User]] = {q.pk: [] for q in queues}
    memberships = []
    for i, agent in enumerate(agents):
        for q in {queues[i % args.queues], queues[(i * 7 + 3) % args.queues]}:
            memberships.append(QueueMembership(queue=q, user=agent, role="agent"))
            members[q.pk].append(agent)
    QueueMembership.objects.bulk_create(memberships)
    customers = Customer.objects.bulk_create(
        [Customer(name=f"Customer {i}") for i in range(5000)], batch_size=5000
    )
    tags = Tag.objects.bulk_create([Tag(name=f"tag-{i}") for i in range(10)])

    kinds = [Kind.TICKET] * 6 + [Kind.CHAT, Kind.CALL, Kind.COMPLAINT, Kind.ORDER_ENQUIRY]
    statuses = ["new"] * 10 + ["open"] * 25 + ["pending"] * 10 + ["on_hold"] * 5
    statuses += ["resolved"] * 20 + ["closed"] * 30
    priorities = [1] * 20 + [2] * 50 + [3] * 20 + [4] * 10
    now = timezone.now()
    items = []
    for _ in range(args.items):
        queue = rng.choice(queues)
        status = rng.choice(statuses)
        unresolved = status in ("new", "open", "pending", "on_hold")
        item = WorkItem(
            kind=rng.choice(kinds),
            queue=queue,
            customer=rng.choice(customers) if rng.random() < 0.9 else None,
            subject=f"Bench item {rng.randrange(10**9)}",
            status=status,
            priority=rng.choice(priorities),
        )
        if status != "new" and members[queue.pk]:
            item.assignee = rng.choice(members[queue.pk])
        if unresolved and rng.random() < 0.7:
            item.due_at = now + timedelta(minutes=rng.randint(-2 * 24 * 60, 3 * 24 * 60))
        items.append(item)
    WorkItem.objects.bulk_create(items, batch_size=5000)
    through = WorkItem.tags.through
    through.objects.bulk_create(
        [
            through(workitem_id=item.pk, tag_id=rng.choice(tags).pk)
            for item in items
            if rng.random() < 0.1
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE queues_workitem SET created_at = now() - random() * interval '90 days',"
            " updated_at = now()"
        )
    with connection.cursor() as cursor:  # as autovacuum would have done by now
        cursor.execute("VACUUM ANALYZE")
    print(f"Loaded {args.items:,} work items in {time.perf_counter() - started:.1f} s.")


# --- measuring ----------------------------------------------------------------------------------

RAW_SQL = """
SELECT w.id, w.kind, w.subject, w.status, w.priority, w.created_at, w.updated_at, w.due_at,
       q.id, q.name, q.slug, u.id, u.username, u.display_name, c.id, c.name, cat.id, cat.name
FROM queues_workitem w
JOIN queues_queue q ON q.id = w.queue_id
LEFT JOIN accounts_user u ON u.id = w.assignee_id
LEFT JOIN customers_customer c ON c.id = w.customer_id
LEFT JOIN queues_category cat ON cat.id = w.category_id
WHERE {where}
ORDER BY w.priority DESC, w.due_at ASC NULLS LAST, w.created_at ASC, w.id ASC
LIMIT 50 OFFSET %s
"""


# The same page, ids first: an index-only scan skips the offset, then 50 rows are joined.
IDS_FIRST_SQL = """
WITH page AS (
    SELECT w.id FROM queues_workitem w
    WHERE {where}
    ORDER BY w.priority DESC, w.due_at ASC NULLS LAST, w.created_at ASC, w.id ASC
    LIMIT 50 OFFSET %s
)
SELECT w.id, w.kind, w.subject, w.status, w.priority, w.created_at, w.updated_at, w.due_at,
       q.id, q.name, q.slug, u.id, u.username, u.display_name, c.id, c.name, cat.id, cat.name
FROM page
JOIN queues_workitem w ON w.id = page.id
JOIN queues_queue q ON q.id = w.queue_id
LEFT JOIN accounts_user u ON u.id = w.assignee_id
LEFT JOIN customers_customer c ON c.id = w.customer_id
LEFT JOIN queues_category cat ON cat.id = w.category_id
ORDER BY w.priority DESC, w.due_at ASC NULLS LAST, w.created_at ASC, w.id ASC
"""


def fetch_page(template: str, *, where_sql: str, params: tuple, offset: int) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(template.format(where=where_sql), [*params, offset])
        rows = cursor.fetchall()
    assert len(rows) <= 50
    return rows


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn, runs: int) -> list[float]:
    for _ in range(3):  # warm caches and connections
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def measure(args) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from helpdesk.accounts.models import User
    from helpdesk.queues.models import QueueMembership, WorkItem

    manager = User.objects.get(username="bench-manager")
    agent = User.objects.get(username="bench-agent-0")
    agent_queues = list(
        QueueMembership.objects.filter(user=agent).values_list("queue_id", flat=True)
    )
    rows = []
    for who, user in (("manager", manager), ("agent", agent)):
        client = Client()
        client.force_login(user)
        for label, params in (
            ("inbox", {}),
            ("kind=ticket&status=open", {"kind": "ticket", "status": "open"}),
        ):
            visible = WorkItem.objects.all()
            where, sql_params = ["TRUE"], []
            if who == "agent":
                visible = visible.filter(queue_id__in=agent_queues)
                where.append("w.queue_id = ANY(%s)")
                sql_params.append(agent_queues)
            if params:
                visible = visible.filter(kind=params["kind"], status=params["status"])
                where += ["w.kind = %s", "w.status = %s"]
                sql_params += [params["kind"], params["status"]]
            total = visible.count()
            last_page = max(1, -(-total // 50))
            for page in (1, min(args.deep_page, last_page)):
                query = {**params, "page": page}

                def api(query=query, client=client):
                    response = client.get("/api/v1/inbox/", query)
                    assert response.status_code == 200, response.content[:300]
                    return response

                with CaptureQueriesContext(connection) as captured:
                    api()
                # Read now: the next request's request_started signal clears the query log.
                queries = len(captured.captured_queries)

                raw = functools.partial(
                    fetch_page,
                    where_sql=" AND ".join(where),
                    params=tuple(sql_params),
                    offset=(page - 1) * 50,
                )

                assert raw(RAW_SQL) == raw(IDS_FIRST_SQL)
                api_ms = timed(api, args.runs)
                raw_ms = timed(functools.partial(raw, RAW_SQL), args.runs)
                ids_ms = timed(functools.partial(raw, IDS_FIRST_SQL), args.runs)
                rows.append(
                    {
                        "who": who,
                        "list": label,
                        "rows": total,
                        "page": page,
                        "p50": statistics.median(api_ms),
                        "p95": percentile(api_ms, 0.95),
                        "queries": queries,
                        "raw50": statistics.median(raw_ms),
                        "raw95": percentile(raw_ms, 0.95),
                        "ids50": statistics.median(ids_ms),
                    }
                )
    return rows


def print_table(rows: list[dict], args) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print()
    print(
        f"Inbox API, {args.items:,} work items, {args.queues} queues, {args.agents} agents; "
        f"PostgreSQL {version}; {args.runs} runs per row; page size 50; times in ms."
    )
    print("API: GET /api/v1/inbox/ through Django's test client (middleware, auth, serializer).")
    print(
        "SQL: the same page as one hand-written SQL query (same joins, order, offset): the floor."
    )
    print()
    header = (
        f"{'user':<8} {'list':<24} {'visible':>8} {'page':>5} {'API p50':>8} {'API p95':>8} "
        f"{'queries':>7} {'SQL p50':>8} {'SQL p95':>8} {'p50 x':>6} {'ids-1st':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        verdict = "ok" if r["p95"] <= TARGET_P95_MS else f"> {TARGET_P95_MS:g}"
        print(
            f"{r['who']:<8} {r['list']:<24} {r['rows']:>8,} {r['page']:>5} {r['p50']:>8.1f} "
            f"{r['p95']:>8.1f} {r['queries']:>7} {r['raw50']:>8.1f} {r['raw95']:>8.1f} "
            f"{r['p50'] / max(r['raw50'], 0.001):>6.1f} {r['ids50']:>8.1f}  {verdict}"
        )
    print()
    print(f"Target: API p95 <= {TARGET_P95_MS:g} ms per page. 'p50 x' = API p50 / SQL floor p50.")
    print(
        "ids-1st: p50 of the same page fetched ids first (index-only scan over the offset, then"
        " 50 rows joined): what deep pages could cost without leaving page numbers."
    )


def main() -> int:
    args = parse_args()
    bench_url = prepare_database(args)
    setup_django(bench_url)
    load_data(args)
    print_table(measure(args), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
