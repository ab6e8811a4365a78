"""The SLA bench's data set in memory: the rows of work items, SLA clocks and escalation runs.

``Loader`` builds them around an anchor instant (the last one the beat handled, when nothing is
due): open tickets whose first-response, next-response and resolution clocks run (some paused,
some already overdue), resolved or closed tickets whose clocks stopped, and the two bursts of
``BURST`` clocks that reach their warning and due instants just after the anchor. The column
lists give the order ``sla_data.load_data`` COPYs the rows in. Used by bench/sla_bench.py.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import datetime, timedelta

QUIET = timedelta(minutes=30)  # after the anchor, only the two bursts below come due
WARN_BURST = (timedelta(minutes=1), timedelta(minutes=10))  # warning instants of burst (b)
BREACH_BURST = (timedelta(minutes=15), timedelta(minutes=25))  # due instants of burst (b2)
BURST = 500  # clocks per burst (= escalation.SCAN_BATCH)

# Targets per priority (minutes): first response, next response, resolution. Around the clock.
TARGETS = {1: (1440, 480, 7200), 2: (480, 240, 4320), 3: (240, 120, 2880), 4: (60, 60, 1440)}
CHAIN = [
    {"target": "assignee", "after_minutes": 0},
    {"target": "queue_supervisors", "after_minutes": 30},
    {"target": "manager", "after_minutes": 60},
]


CLOCK_COLUMNS = [
    "id",
    "item_id",
    "kind",
    "policy_id",
    "target_seconds",
    "warn_percent",
    "state",
    "started_at",
    "used_seconds",
    "running_since",
    "due_at",
    "warn_at",
    "warned_at",
    "breached_at",
    "stopped_at",
]
ITEM_COLUMNS = [
    "id",
    "kind",
    "queue_id",
    "subject",
    "status",
    "priority",
    "skill",
    "assignee_id",
    "created_at",
    "updated_at",
    "assigned_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "first_response_due",
    "next_response_due",
    "resolution_due",
    "due_at",
    "sla_warn_at",
]
RUN_COLUMNS = [
    "id",
    "item_id",
    "clock_id",
    "chain_name",
    "levels",
    "state",
    "next_level",
    "next_at",
    "started_at",
    "acknowledged_by_id",
    "acknowledged_at",
    "ended_at",
]


class Loader:
    """Builds the rows in memory: items, their clocks and escalation runs, around an anchor."""

    def __init__(self, args, anchor: datetime, rng: random.Random):
        self.args, self.anchor, self.rng = args, anchor, rng
        self.items: list[tuple] = []
        self.clocks: list[tuple] = []
        self.runs: list[tuple] = []
        self.stats: Counter = Counter()

    def clock(self, item_id, kind, policy_id, minutes, **fields) -> int:
        row = {
            "id": len(self.clocks) + 1,
            "item_id": item_id,
            "kind": kind,
            "policy_id": policy_id,
            "target_seconds": minutes * 60,
            "warn_percent": 80,
            "running_since": None,
            "due_at": None,
            "warn_at": None,
            "warned_at": None,
            "breached_at": None,
            "stopped_at": None,
            **fields,
        }
        self.clocks.append(tuple(row[c] for c in CLOCK_COLUMNS))
        self.stats[row["state"]] += 1
        return row["id"]

    def quiet(self, start: datetime, minutes: int, *, overdue_ok: bool) -> bool:
        """A running clock started at ``start`` must not warn or fall due in the quiet
        half-hour after the anchor (only the bursts do)."""
        a, target = self.anchor, timedelta(minutes=minutes)
        warn, due = start + target * 0.8, start + target
        if a < warn <= a + QUIET or a < due <= a + QUIET:
            return False
        return overdue_ok or due > a

    def running(self, item_id, kind, policy_id, minutes, start, mirror) -> tuple[int, bool]:
        """A running clock: warned and breached already if its instants are past."""
        a, target = self.anchor, timedelta(minutes=minutes)
        warn, due = start + target * 0.8, start + target
        seconds = timedelta(seconds=self.rng.uniform(1, 30))
        overdue = due <= a
        cid = self.clock(
            item_id,
            kind,
            policy_id,
            minutes,
            state="running",
            started_at=start,
            used_seconds=0.0,
            running_since=start,
            due_at=due,
            warn_at=warn,
            warned_at=min(warn + seconds, a) if warn <= a else None,
            breached_at=due if overdue else None,
        )
        mirror.append((kind, due, warn))
        if overdue:
            self.stats["running, overdue"] += 1
        return cid, overdue

    def stopped(self, item_id, kind, policy_id, minutes, start, *, late_share, cancel=False):
        target = timedelta(minutes=minutes)
        warn, due = start + target * 0.8, start + target
        late = self.rng.random() < late_share
        seconds = timedelta(seconds=self.rng.uniform(1, 30))
        if late:
            stop = due + target * self.rng.uniform(0.01, 1.0)
        else:
            stop = start + target * self.rng.uniform(0.05, 0.99)
        state = "cancelled" if cancel else ("breached" if late else "met")
        self.clock(
            item_id,
            kind,
            policy_id,
            minutes,
            state=state,
            started_at=start,
            used_seconds=(stop - start).total_seconds(),
            due_at=due,
            warn_at=warn,
            warned_at=warn + seconds if stop > warn else None,
            breached_at=due if late and not cancel else None,
            stopped_at=stop,
        )
        return stop, late

    def load(self, queues, policies, members) -> dict:
        args, rng, a = self.args, self.rng, self.anchor
        n_open = args.items
        ids = list(range(1, n_open + 1))
        # The bursts: open, assigned tickets; the burst clock is the resolution clock.
        bursty = rng.sample(ids, 2 * BURST)
        warn_burst, breach_burst = set(bursty[:BURST]), set(bursty[BURST:])
        statuses = ["new"] * 15 + ["open"] * 65 + ["pending"] * 12 + ["on_hold"] * 8
        priorities = [1] * 20 + [2] * 50 + [3] * 20 + [4] * 10
        burst_clocks = {"warn": [], "breach": []}
        for item_id in range(1, n_open + args.history + 1):
            queue = queues[item_id % len(queues)]
            priority = rng.choice(priorities)
            fr_min, nr_min, res_min = TARGETS[priority]
            policy = policies[(queue.pk, priority)]
            in_burst = item_id in warn_burst or item_id in breach_burst
            status = "open" if in_burst else rng.choice(statuses)
            if item_id > n_open:
                status = rng.choice(["resolved"] * 3 + ["closed"] * 7)
            assignee = None
            if status != "new" or rng.random() < 0.3:
                assignee = rng.choice(members[queue.pk]).pk
            mirror: list[tuple] = []
            first_response_at = resolved_at = closed_at = None
            overdue_item = False

            if item_id > n_open:  # history: every clock stopped
                created = a - timedelta(days=rng.uniform(1, 180))
                first_response_at, _late = self.stopped(
                    item_id, "first_response", policy, fr_min, created, late_share=0.15
                )
                nr_start = first_response_at
                for _ in range(rng.choice([0, 0, 1, 1, 2])):
                    nr_start += timedelta(minutes=rng.uniform(10, 600))
                    stop, _late = self.stopped(
                        item_id, "next_response", policy, nr_min, nr_start, late_share=0.1
                    )
                    nr_start = stop
                resolved_at, late = self.stopped(
                    item_id, "resolution", policy, res_min, created, late_share=0.2
                )
                if rng.random() < 0.1:  # a next response cancelled by resolving
                    self.stopped(
                        item_id,
                        "next_response",
                        policy,
                        nr_min,
                        resolved_at - timedelta(minutes=5),
                        late_share=0,
                        cancel=True,
                    )
                closed_at = resolved_at + timedelta(days=2) if status == "closed" else None
                if late and rng.random() < 0.8:
                    state = rng.choice(["exhausted", "acknowledged", "ended"])
                    self.runs.append(
                        self.run_row(
                            item_id,
                            None,
                            state,
                            started=created,
                            next_at=None,
                            ended=resolved_at,
                            acknowledged_by=assignee if state == "acknowledged" else None,
                            queue=queue,
                        )
                    )
            else:
                responded = (
                    in_burst
                    or status in ("pending", "on_hold")
                    or (status == "open" and rng.random() < 0.85)
                )
                if not responded:  # young: first response and resolution run from creation
                    created = a - timedelta(minutes=rng.uniform(0, 5))
                    for _ in range(1000):
                        candidate = a - timedelta(minutes=rng.uniform(0, fr_min * 1.1))
                        if self.quiet(candidate, fr_min, overdue_ok=True) and self.quiet(
                            candidate, res_min, overdue_ok=False
                        ):
                            created = candidate
                            break
                    _cid, late = self.running(
                        item_id, "first_response", policy, fr_min, created, mirror
                    )
                    overdue_item |= late
                    if status == "open":
                        status = "new" if assignee is None else "open"
                else:
                    if item_id in warn_burst:  # warns 1-10 minutes after the anchor
                        warn = a + rng.uniform(*WARN_BURST)
                        created = warn - timedelta(minutes=res_min * 0.8)
                    elif item_id in breach_burst:  # falls due 15-25 minutes after it
                        created = a + rng.uniform(*BREACH_BURST) - timedelta(minutes=res_min)
                    else:
                        for _ in range(1000):
                            created = a - timedelta(minutes=rng.uniform(2, res_min * 1.05))
                            if status in ("pending", "on_hold") or self.quiet(
                                created, res_min, overdue_ok=True
                            ):
                                break
                    # The first response came within (or after) its target: a stopped clock.
                    fr_due = created + timedelta(minutes=fr_min)
                    fr_warn = created + timedelta(minutes=fr_min * 0.8)
                    first_response_at = min(
                        created + timedelta(minutes=fr_min * rng.uniform(0.05, 1.3)),
                        a - timedelta(minutes=1),
                    )
                    late = first_response_at > fr_due
                    self.clock(
                        item_id,
                        "first_response",
                        policy,
                        fr_min,
                        state="breached" if late else "met",
                        started_at=created,
                        used_seconds=(first_response_at - created).total_seconds(),
                        due_at=fr_due,
                        warn_at=fr_warn,
                        warned_at=fr_warn + timedelta(seconds=5)
                        if first_response_at > fr_warn
                        else None,
                        breached_at=fr_due if late else None,
                        stopped_at=first_response_at,
                    )
                    if rng.random() < 0.5:  # an earlier exchange: a next response met
                        start = first_response_at + (a - first_response_at) * rng.uniform(0, 0.3)
                        self.stopped(
                            item_id, "next_response", policy, nr_min, start, late_share=0.1
                        )
                    if status == "open" and not in_burst and rng.random() < 0.3:
                        for _ in range(1000):  # the customer wrote again: a next response runs
                            start = a - timedelta(minutes=rng.uniform(0, nr_min * 1.05))
                            if start > first_response_at and self.quiet(
                                start, nr_min, overdue_ok=True
                            ):
                                _cid, late = self.running(
                                    item_id, "next_response", policy, nr_min, start, mirror
                                )
                                overdue_item |= late
                                break
                # The resolution clock: running, or paused while waiting on the customer.
                if status in ("pending", "on_hold"):
                    used = res_min * 60 * rng.uniform(0.05, 0.7)
                    self.clock(
                        item_id,
                        "resolution",
                        policy,
                        res_min,
                        state="paused",
                        started_at=created,
                        used_seconds=used,
                    )
                elif in_burst:
                    start = created
                    target = timedelta(minutes=res_min)
                    warned = item_id in breach_burst  # warned before, now falling due
                    cid = self.clock(
                        item_id,
                        "resolution",
                        policy,
                        res_min,
                        state="running",
                        started_at=start,
                        used_seconds=0.0,
                        running_since=start,
                        due_at=start + target,
                        warn_at=start + target * 0.8,
                        warned_at=start + target * 0.8 + timedelta(seconds=10) if warned else None,
                    )
                    burst_clocks["breach" if warned else "warn"].append(cid)
                    mirror.append(("resolution", start + target, start + target * 0.8))
                else:
                    start = created
                    cid, late = self.running(item_id, "resolution", policy, res_min, start, mirror)
                    overdue_item |= late
                if overdue_item and rng.random() < 0.8:  # its escalation climbs, or was taken
                    acked = rng.random() < 0.4
                    self.runs.append(
                        self.run_row(
                            item_id,
                            None,
                            "acknowledged" if acked else "active",
                            started=a - timedelta(hours=rng.uniform(0, 24)),
                            next_at=None if acked else a + timedelta(minutes=rng.uniform(60, 600)),
                            ended=None,
                            acknowledged_by=assignee if acked else None,
                            queue=queue,
                        )
                    )
            due = {k: None for k in ("first_response", "next_response", "resolution")}
            for kind, when, _warn in sorted(mirror, key=lambda m: m[1]):
                due[kind] = due[kind] or when
            running_due = [d for d in due.values() if d is not None]
            self.items.append(
                (
                    item_id,
                    "ticket",
                    queue.pk,
                    f"SLA bench ticket {item_id}",
                    status,
                    priority,
                    "",
                    assignee,
                    created,
                    closed_at or resolved_at or a,
                    created if assignee else None,
                    first_response_at,
                    resolved_at,
                    closed_at,
                    due["first_response"],
                    due["next_response"],
                    due["resolution"],
                    min(running_due) if running_due else None,
                    min(m[2] for m in mirror) if mirror else None,
                )
            )
        return burst_clocks

    def run_row(self, item_id, clock_id, state, *, started, next_at, ended, acknowledged_by, queue):
        chained = queue.pk % 2 == 0
        return (
            len(self.runs) + 1,
            item_id,
            clock_id,
            "Bench chain" if chained else "default",
            json.dumps(CHAIN),
            state,
            self.rng.randint(1, 2) if state == "active" else 3,
            next_at,
            started,
            acknowledged_by,
            started + timedelta(minutes=20) if acknowledged_by else None,
            ended,
        )
