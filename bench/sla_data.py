"""The SLA bench's database: creating and loading it, its fixed points, undoing the passes.

- ``prepare``: the bench's own database beside ``DATABASE_URL``'s (``inbox_bench``'s handling) and
  its own Redis database, then Django.
- ``load_data``: migrates and loads the rows ``sla_rows.Loader`` builds, with COPY, once; later
  runs reuse them (``--rebuild`` drops the database first).
- ``Data``: the anchor and the two bursts the loader noted, and counts for the report.
- ``reset`` / ``vacuum``: undo what the passes changed, so every pass (and run) starts the same.
- ``clean_redis``: drop the mails the passes queued for Celery.

Used by bench/sla_bench.py.
"""

from __future__ import annotations

import os
import random
import sys
import time
import urllib.parse
from collections import Counter
from datetime import datetime, timedelta

from sla_rows import (
    BREACH_BURST,
    CHAIN,
    CLOCK_COLUMNS,
    ITEM_COLUMNS,
    QUIET,
    RUN_COLUMNS,
    TARGETS,
    WARN_BURST,
    Loader,
)

# --- the database -------------------------------------------------------------------------------


def prepare(args) -> None:
    import inbox_bench  # the same database handling: own database beside DATABASE_URL's

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        sys.exit("REDIS_URL must be set (e.g. redis://127.0.0.1:6379/0)")
    # Mails are queued (Celery, Redis broker) and warnings published (channel layer): keep them
    # in a Redis database of the bench's own, emptied of the bench's keys at the end.
    parts = urllib.parse.urlsplit(redis_url)
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{args.redis_db}"))
    os.environ.setdefault("CHANNELS_PREFIX", "sla-bench")
    os.environ.setdefault("CACHE_KEY_PREFIX", "sla-bench")
    inbox_bench.setup_django(inbox_bench.prepare_database(args))


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY rows into a table (ids given explicitly), then move its id sequence past them."""
    from django.db import connection

    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )


def load_data(args) -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.queues.models import Queue, QueueMembership, WorkItem
    from helpdesk.sla.models import EscalationChain, SlaClock, SlaPolicy

    call_command("migrate", "--noinput", verbosity=0)
    total = args.items + args.history
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('sla_bench_meta') IS NOT NULL")
        has_meta = cursor.fetchone()[0]
    if has_meta and WorkItem.objects.count() == total and SlaClock.objects.exists():
        print(f"Reusing {total:,} work items in the bench database (--rebuild to reload).")
        return
    if WorkItem.objects.exists():
        sys.exit("The bench database holds other data: run with --rebuild.")

    started = time.perf_counter()
    rng = random.Random(42)
    anchor = datetime.now().astimezone().replace(second=0, microsecond=0)
    password = make_password("bench-pass")
    manager = User.objects.create(
        username="sla-manager", password=password, email="manager@bench.invalid"
    )
    queues = Queue.objects.bulk_create(
        [Queue(name=f"SLA queue {i}", slug=f"sla-queue-{i}") for i in range(args.queues)]
    )
    supervisors = User.objects.bulk_create(
        [
            User(username=f"sla-supervisor-{i}", password=password, email=f"sup{i}@bench.invalid")
            for i in range(args.queues)
        ]
    )
    agents = User.objects.bulk_create(
        [
            User(username=f"sla-agent-{i}", password=password, email=f"agent{i}@bench.invalid")
            for i in range(args.agents)
        ]
    )
    UserRole.objects.bulk_create(
        [UserRole(user=manager, role="manager")]
        + [UserRole(user=s, role="supervisor") for s in supervisors]
        + [UserRole(user=a, role="agent") for a in agents]
    )
    members = {q.pk: [] for q in queues}
    memberships = [
        QueueMembership(queue=q, user=s, role="supervisor")
        for q, s in zip(queues, supervisors, strict=True)
    ]
    for i, agent in enumerate(agents):
        queue = queues[i % len(queues)]
        memberships.append(QueueMembership(queue=queue, user=agent, role="agent"))
        members[queue.pk].append(agent)
    QueueMembership.objects.bulk_create(memberships)
    chain = EscalationChain.objects.create(name="Bench chain", levels=CHAIN)
    policies = {}
    for queue in queues:
        for priority, (fr, nr, res) in TARGETS.items():
            policy = SlaPolicy.objects.create(
                queue=queue,
                priority=priority,
                first_response_minutes=fr,
                next_response_minutes=nr,
                resolution_minutes=res,
                warn_percent=80,
                escalation=chain if queue.pk % 2 == 0 else None,
            )
            policies[(queue.pk, priority)] = policy.pk

    loader = Loader(args, anchor, rng)
    bursts = loader.load(queues, policies, members)
    copy_rows("queues_workitem", ITEM_COLUMNS, loader.items)
    copy_rows("sla_slaclock", CLOCK_COLUMNS, loader.clocks)
    copy_rows("sla_escalationrun", RUN_COLUMNS, loader.runs)
    with connection.cursor() as cursor:
        # The bench's own note of its fixed points (not a Django model; this database only).
        cursor.execute(
            "CREATE TABLE sla_bench_meta (anchor timestamptz, warn_ids bigint[],"
            " breach_ids bigint[])"
        )
        cursor.execute(
            "INSERT INTO sla_bench_meta VALUES (%s, %s, %s)",
            [anchor, bursts["warn"], bursts["breach"]],
        )
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done by now
    s = loader.stats
    print(
        f"Loaded {len(loader.items):,} work items, {len(loader.clocks):,} clocks"
        f" ({s['running']:,} running of which {s['running, overdue']:,} overdue, {s['paused']:,}"
        f" paused, {s['met']:,} met, {s['breached']:,} breached, {s['cancelled']:,} cancelled),"
        f" {len(loader.runs):,} escalation runs in {time.perf_counter() - started:.1f} s."
    )


# --- the fixed points of the data and undoing the passes ------------------------------------------


class Data:
    """The anchor (the last instant the beat handled: nothing is due at it) and the two bursts,
    as the loader noted them."""

    def __init__(self):
        from django.db import connection

        from helpdesk.sla.models import ClockState, SlaClock

        with connection.cursor() as cursor:
            cursor.execute("SELECT anchor, warn_ids, breach_ids FROM sla_bench_meta")
            self.anchor, self.warn_ids, self.breach_ids = cursor.fetchone()
        self.warn_ids, self.breach_ids = sorted(self.warn_ids), sorted(self.breach_ids)
        self.now_warn = self.anchor + WARN_BURST[1]
        self.now_breach = self.anchor + BREACH_BURST[1]
        clocks = SlaClock.objects
        self.total_clocks = clocks.count()
        self.counts = dict(Counter(clocks.values_list("state", flat=True)))
        self.overdue = clocks.filter(state=ClockState.RUNNING, breached_at__isnull=False).count()
        # How many come due per 30-s beat: over the 6 hours after the quiet half-hour.
        window = (self.anchor + QUIET, self.anchor + QUIET + timedelta(hours=6))
        running = clocks.filter(state=ClockState.RUNNING)
        self.warn_rate = running.filter(warn_at__range=window).count() / (6 * 120)
        self.breach_rate = running.filter(due_at__range=window).count() / (6 * 120)


def reset(data: Data, *, warned: bool = False) -> None:
    """Undo what passes did: the burst clocks unmarked (the warn burst marked as warned when
    ``warned``, for the breach pass), and the events, runs and steps the passes created gone
    (the loaded data has no such events, and its runs carry no clock)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM sla_escalationstep_notified WHERE escalationstep_id IN"
            " (SELECT s.id FROM sla_escalationstep s JOIN sla_escalationrun r ON r.id = s.run_id"
            " WHERE r.clock_id IS NOT NULL)"
        )
        cursor.execute(
            "DELETE FROM sla_escalationstep WHERE run_id IN"
            " (SELECT id FROM sla_escalationrun WHERE clock_id IS NOT NULL)"
        )
        cursor.execute("DELETE FROM sla_escalationrun WHERE clock_id IS NOT NULL")
        cursor.execute(
            "DELETE FROM queues_workitemevent"
            " WHERE verb IN ('sla_warning', 'sla_breached', 'escalated')"
        )
        cursor.execute(
            "UPDATE sla_slaclock SET warned_at = CASE WHEN %s THEN warn_at END"
            " WHERE id = ANY(%s) AND warned_at IS DISTINCT FROM CASE WHEN %s THEN warn_at END",
            [warned, data.warn_ids, warned],
        )
        cursor.execute(
            "UPDATE sla_slaclock SET breached_at = NULL"
            " WHERE id = ANY(%s) AND breached_at IS NOT NULL",
            [data.breach_ids],
        )


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE sla_slaclock, sla_escalationrun, sla_escalationstep,"
            " sla_escalationstep_notified, queues_workitemevent"
        )


def clean_redis(args) -> int:
    """Celery's queued mails (no worker runs against the bench's Redis database): dropped."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    queued = client.llen("celery")
    client.delete("celery", "unacked", "unacked_index", *client.scan_iter("_kombu.binding*"))
    return queued
