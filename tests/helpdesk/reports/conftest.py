"""A month of work items with known times, SLA clocks, calls, ratings and complaints, and an
independent plain-Python calculation of every service figure over them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from helpdesk.hotline.models import Call
from helpdesk.quality.models import Rating
from helpdesk.queues.models import Category, Kind, WorkItem
from helpdesk.sla.models import SlaClock
from helpdesk.tickets.models import Ticket
from tests.factories import QueueFactory, UserFactory

ZONE = ZoneInfo("Asia/Shanghai")
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def local(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ZONE)


@dataclass
class World:
    queues: list
    agents: list
    categories: list
    items: list[WorkItem] = field(default_factory=list)
    calls: dict = field(default_factory=dict)  # item id -> Call
    clocks: list[SlaClock] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    merged: set = field(default_factory=set)


def make_item(
    world: World,
    *,
    created,
    kind=Kind.TICKET,
    queue=None,
    assignee=None,
    category=None,
    status="new",
    assigned=None,
    first_response=None,
    resolved=None,
    subject="x",
):
    item = WorkItem.objects.create(
        kind=kind,
        queue=queue or world.queues[0],
        assignee=assignee,
        category=category,
        status=status,
        subject=subject,
    )
    WorkItem.objects.filter(pk=item.pk).update(
        created_at=created,
        assigned_at=assigned,
        first_response_at=first_response,
        resolved_at=resolved,
    )
    item.refresh_from_db()
    world.items.append(item)
    return item


@pytest.fixture
def world(db, settings):
    """About 120 items around November 2026 (Asia/Shanghai), seeded at random but fixed."""
    settings.TIME_ZONE = "Asia/Shanghai"
    from django.utils import timezone

    timezone.activate(ZONE)
    rng = random.Random(7)
    queues = [QueueFactory(name="Front desk"), QueueFactory(name="Accounts")]
    agents = [UserFactory(username=f"rep{i}", roles=["agent"]) for i in range(3)]
    categories = [Category.objects.create(name=f"Cat {i}") for i in range(3)]
    w = World(queues, agents, categories)
    kinds = [Kind.TICKET, Kind.TICKET, Kind.CHAT, Kind.CALL, Kind.COMPLAINT, Kind.CALLBACK]
    start = local(25, 0, month=10)
    for n in range(120):
        created = start + dt.timedelta(minutes=rng.randrange(0, 45 * 24 * 60))
        kind = rng.choice(kinds)
        assignee = rng.choice([None, *agents])
        category = rng.choice([None, *categories])
        assigned = created + dt.timedelta(minutes=rng.randrange(1, 120)) if assignee else None
        first = (
            created + dt.timedelta(seconds=rng.randrange(30, 20000)) if rng.random() < 0.7 else None
        )
        resolved = None
        status = rng.choice(["new", "open", "pending"])
        if rng.random() < 0.6:
            resolved = created + dt.timedelta(seconds=rng.randrange(600, 9 * 86400))
            status = rng.choice(["resolved", "closed"])
        item = make_item(
            w,
            created=created,
            kind=kind,
            queue=rng.choice(queues),
            assignee=assignee,
            category=category,
            status=status,
            assigned=assigned,
            first_response=first,
            resolved=resolved,
            subject=f"Item {n}",
        )
        if kind == Kind.CALL:
            state = rng.choice(["answered", "answered", "missed", "abandoned", "voicemail"])
            call = Call.objects.create(
                item=item,
                source="manual",
                direction=rng.choice(["inbound", "inbound", "outbound"]),
                queue=item.queue,
                state=state,
                initiated_at=created,
                talk_seconds=rng.randrange(30, 900) if state == "answered" else None,
            )
            w.calls[item.pk] = call
        if kind == Kind.TICKET and rng.random() < 0.1 and item != w.items[0]:
            target, _ = Ticket.objects.get_or_create(item=w.items[0])
            Ticket.objects.create(item=item, merged_into=target)
            w.merged.add(item.pk)
        for clock_kind in ("first_response", "resolution"):
            if rng.random() < 0.5:
                continue
            due = created + dt.timedelta(hours=rng.randrange(1, 72))
            outcome = rng.choice(["met", "breached", "running", "cancelled"])
            stopped = created + dt.timedelta(hours=rng.randrange(1, 100))
            clock = SlaClock.objects.create(
                item=item,
                kind=clock_kind,
                target_seconds=3600,
                state=outcome,
                started_at=created,
                due_at=due,
                stopped_at=stopped if outcome in ("met", "breached", "cancelled") else None,
                breached_at=due
                if outcome == "breached" or (outcome == "running" and rng.random() < 0.5)
                else None,
            )
            w.clocks.append(clock)
        if resolved and rng.random() < 0.5:
            rating = Rating.objects.create(item=item, score=rng.randrange(1, 6), source="link")
            Rating.objects.filter(pk=rating.pk).update(
                created_at=resolved + dt.timedelta(hours=rng.randrange(0, 30))
            )
            rating.refresh_from_db()
            w.ratings.append(rating)
    return w


# --- the independent calculation --------------------------------------------------------------


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return None
    pos = fraction * (len(values) - 1)
    lo, hi = int(pos // 1), -int(-pos // 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def bounds(first: dt.date, last: dt.date):
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=ZONE),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=ZONE),
    )


def key_of(item, by, when=None):
    if by == "queue":
        return str(item.queue_id)
    if by == "kind":
        return item.kind
    if by == "agent":
        return str(item.assignee_id) if item.assignee_id else "none"
    if by == "category":
        return str(item.category_id) if item.category_id else "none"
    day = when.astimezone(ZONE).date()
    if by == "day":
        return day.isoformat()
    if by == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.strftime("%Y-%m")


def expected(world: World, first, last, by, *, queues=(), kind=None, agent=None):
    """Every figure per group, computed in Python from the fixture objects."""
    start, end = bounds(first, last)
    items = {i.pk: i for i in world.items if i.pk not in world.merged}
    if queues:
        items = {k: i for k, i in items.items() if i.queue_id in queues}
    if kind:
        items = {k: i for k, i in items.items() if i.kind == kind}
    if agent:
        items = {k: i for k, i in items.items() if i.assignee_id == agent}
    groups: dict = {}

    def g(key):
        return groups.setdefault(
            key,
            {
                "created": [],
                "resolved": [],
                "backlog": 0,
                "fr": [],
                "res": [],
                "handle": [],
                "met": 0,
                "breached": 0,
                "offered": 0,
                "abandoned": 0,
                "scores": [],
            },
        )

    def within(t):
        return t is not None and start <= t < end

    for i in items.values():
        call = world.calls.get(i.pk)
        if within(i.created_at):
            r = g(key_of(i, by, i.created_at))
            r["created"].append(i.pk)
            if i.first_response_at:
                r["fr"].append((i.first_response_at - i.created_at).total_seconds())
            inbound = call is not None and call.direction == "inbound"
            if i.kind == "chat" or (i.kind == "call" and inbound):
                r["offered"] += 1
                if (
                    i.kind == "chat"
                    and i.first_response_at is None
                    and i.status in ("resolved", "closed")
                ) or (i.kind == "call" and call.state in ("missed", "abandoned", "voicemail")):
                    r["abandoned"] += 1
        if within(i.resolved_at):
            r = g(key_of(i, by, i.resolved_at))
            r["resolved"].append(i.pk)
            r["res"].append((i.resolved_at - i.created_at).total_seconds())
            if i.kind == "call":
                if call is not None and call.talk_seconds is not None:
                    r["handle"].append(float(call.talk_seconds))
            elif i.assigned_at and i.assigned_at <= i.resolved_at:
                r["handle"].append((i.resolved_at - i.assigned_at).total_seconds())
        if (
            by not in ("day", "week", "month")
            and i.created_at < end
            and (i.resolved_at is None or i.resolved_at >= end)
        ):
            g(key_of(i, by))["backlog"] += 1
    for c in world.clocks:
        i = items.get(c.item_id)
        if i is None:
            continue
        if within(c.breached_at):
            g(key_of(i, by, c.breached_at))["breached"] += 1
        elif c.state == "met" and c.breached_at is None and within(c.stopped_at):
            g(key_of(i, by, c.stopped_at))["met"] += 1
    for rating in world.ratings:
        i = items.get(rating.item_id)
        if i is not None and within(rating.created_at):
            g(key_of(i, by, rating.created_at))["scores"].append(rating.score)
    return groups, items


def figures(raw):
    def sec(v):
        return None if v is None else round(v, 1)

    def rate(a, b):
        return round(a / b, 4) if b else None

    out = {
        "created": len(raw["created"]),
        "resolved": len(raw["resolved"]),
        "first_response_count": len(raw["fr"]),
        "first_response_median": sec(percentile(raw["fr"], 0.5)),
        "first_response_p90": sec(percentile(raw["fr"], 0.9)),
        "resolution_median": sec(percentile(raw["res"], 0.5)),
        "resolution_p90": sec(percentile(raw["res"], 0.9)),
        "handle_avg": sec(sum(raw["handle"]) / len(raw["handle"])) if raw["handle"] else None,
        "sla_met": raw["met"],
        "sla_breached": raw["breached"],
        "sla_attainment": rate(raw["met"], raw["met"] + raw["breached"]),
        "offered": raw["offered"],
        "abandoned": raw["abandoned"],
        "abandonment_rate": rate(raw["abandoned"], raw["offered"]),
        "ratings": len(raw["scores"]),
        "rating_avg": round(sum(raw["scores"]) / len(raw["scores"]), 2) if raw["scores"] else None,
        "satisfied": sum(1 for s in raw["scores"] if s >= 4),
        "satisfaction_rate": rate(sum(1 for s in raw["scores"] if s >= 4), len(raw["scores"])),
    }
    return out
