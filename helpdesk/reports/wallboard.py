"""The supervisors' wallboard: what is waiting and who is there, now (docs/wallboard.md).

One snapshot costs a fixed number of queries whatever the number of items and people: one
aggregate over the unresolved items grouped by queue (waiting work, longest wait, SLA), the
active queues, the people who work them with their open items and presence, their memberships,
and who is on shift (two). Counting happens in SQL; Python only merges a row per queue.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from helpdesk.accounts.roles import Role
from helpdesk.hotline.models import CallState, Direction
from helpdesk.queues.models import (
    UNRESOLVED_STATUSES,
    Kind,
    Queue,
    QueueMembership,
    Status,
    WorkItem,
)
from helpdesk.shifts.duty import shift_bounds
from helpdesk.shifts.models import LeaveRequest, LeaveStatus, RosterStatus, ShiftAssignment
from helpdesk.shifts.services import local_zone
from helpdesk.sla.models import ClockState, SlaClock

from .wallboard_sources import chat_source

# Memberships in these roles lead a queue; everyone else in a queue works its items.
LEAD_ROLES = (Role.SUPERVISOR, Role.MANAGER)
WORK_ROLES = [role for role in Role.values if role not in LEAD_ROLES]

ITEM_FIGURES = (
    "waiting_chats",
    "calls_ringing",
    "ringbacks_open",
    "waiting_calls",
    "waiting_other",
    "waiting_total",
    "sla_at_risk",
    "sla_breached_open",
)


def _waiting_filters() -> dict[str, Q]:
    source = chat_source()
    if source is not None:
        chats = Q(kind=Kind.CHAT, pk__in=source.waiting_item_ids())
    else:
        chats = Q(kind=Kind.CHAT, assignee__isnull=True)
    return {
        "waiting_chats": chats,
        "calls_ringing": Q(
            kind=Kind.CALL, call__state=CallState.RINGING, call__direction=Direction.INBOUND
        ),
        "ringbacks_open": Q(kind=Kind.CALLBACK),
        "waiting_other": Q(status=Status.NEW, assignee__isnull=True)
        & ~Q(kind__in=[Kind.CHAT, Kind.CALL, Kind.CALLBACK]),
    }


def _item_rows(now: datetime) -> dict[int, dict]:
    """Per active queue: the waiting work, the longest wait and the SLA figures (one query)."""
    waiting = _waiting_filters()
    any_waiting = Q()
    for condition in waiting.values():
        any_waiting |= condition
    at_risk = SlaClock.objects.filter(
        item=OuterRef("pk"), state=ClockState.RUNNING, warn_at__lte=now, due_at__gt=now
    )
    # Breached: a clock stamped breached, or a running one past its due time. Two EXISTS rather
    # than one with an OR, so that each probes a small partial index (decision 0017).
    stamped = SlaClock.objects.filter(item=OuterRef("pk"), breached_at__isnull=False)
    overdue = SlaClock.objects.filter(
        item=OuterRef("pk"), state=ClockState.RUNNING, due_at__lte=now
    )
    # When each waiting thing started waiting: a call when it began ringing, a ring-back at its
    # first missed call, anything else when it was created.
    since = Case(
        When(waiting["calls_ringing"], then=F("call__initiated_at")),
        When(waiting["ringbacks_open"], then=F("ringback__first_missed_at")),
        default=F("created_at"),
        output_field=DateTimeField(),
    )
    rows = (
        WorkItem.objects.filter(status__in=UNRESOLVED_STATUSES, queue__is_active=True)
        .alias(
            at_risk=Exists(at_risk), stamped=Exists(stamped), overdue=Exists(overdue), since=since
        )
        .values("queue_id")
        .annotate(
            **{name: Count("id", filter=condition) for name, condition in waiting.items()},
            longest_since=Min("since", filter=any_waiting),
            sla_at_risk=Count("id", filter=Q(at_risk=True)),
            sla_breached_open=Count("id", filter=Q(stamped=True) | Q(overdue=True)),
        )
        .order_by()
    )
    return {row.pop("queue_id"): row for row in rows}


def on_shift_by_queue(at: datetime) -> dict[int, set[int]]:
    """``{queue_id: {user_id, …}}`` of the people on shift now in every queue (two queries):
    published rosters only, nobody on approved leave that day (as ``shifts.duty.on_duty``)."""
    at = at.astimezone(UTC)
    local_day = at.astimezone(local_zone()).date()
    assignments = ShiftAssignment.objects.filter(
        period__status=RosterStatus.PUBLISHED,
        day__in=[local_day - timedelta(days=1), local_day],
        queue__is_active=True,
    ).select_related("shift_type")
    working = []
    for a in assignments:
        start, end = shift_bounds(a.day, a.shift_type)
        if start <= at < end:
            working.append(a)
    if not working:
        return {}
    away = set(
        LeaveRequest.objects.filter(
            user_id__in={a.user_id for a in working},
            status=LeaveStatus.APPROVED,
            first_day__lte=local_day,
            last_day__gte=local_day - timedelta(days=1),
        ).values_list("user_id", "first_day", "last_day")
    )
    out: dict[int, set[int]] = {}
    for a in working:
        if not any(u == a.user_id and first <= a.day <= last for u, first, last in away):
            out.setdefault(a.queue_id, set()).add(a.user_id)
    return out


def _people():
    """The people who work an active queue (not only leading it), with their open items and
    whether they are online for chat (None: no presence source)."""
    source = chat_source()
    open_items = (
        WorkItem.objects.filter(assignee=OuterRef("pk"), status__in=UNRESOLVED_STATUSES)
        .order_by()
        .values("assignee")
        .annotate(n=Count("id"))
        .values("n")
    )
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__queue__is_active=True,
            memberships__role__in=WORK_ROLES,
        )
        .distinct()
        .only("id", "username", "first_name", "last_name", "display_name")
        .annotate(
            open_items=Coalesce(Subquery(open_items, output_field=IntegerField()), 0),
        )
        .order_by("display_name", "username", "pk")
    )
    if source is not None:  # the presence subquery runs inside this same query
        online = Q(pk__in=source.online_user_ids())
        people = people.annotate(online=Case(When(online, then=True), default=False))
    return people


def wallboard_snapshot(now: datetime | None = None) -> dict:
    """The whole wallboard: a row per active queue, the totals, the people."""
    now = now or timezone.now()
    presence_known = chat_source() is not None
    queues = list(
        Queue.objects.filter(is_active=True).order_by("name").values("id", "name", "slug")
    )
    items = _item_rows(now)
    members = list(
        QueueMembership.objects.filter(queue__is_active=True, user__is_active=True)
        .filter(role__in=WORK_ROLES)
        .values_list("queue_id", "user_id")
    )
    people = list(_people())
    shift = on_shift_by_queue(now)
    online_ids = {p.pk for p in people if getattr(p, "online", False)}
    on_shift_ids = set().union(*shift.values()) if shift else set()

    by_queue: dict[int, set[int]] = {}
    for queue_id, user_id in members:
        by_queue.setdefault(queue_id, set()).add(user_id)

    rows = []
    for queue in queues:
        figures = items.get(queue["id"], {})
        row = {**queue, **_figures(figures, now)}
        staff = by_queue.get(queue["id"], set())
        row["agents_online"] = len(staff & online_ids) if presence_known else None
        row["agents_on_shift"] = len(shift.get(queue["id"], set()))
        rows.append(row)

    totals = {name: sum(row[name] for row in rows) for name in ITEM_FIGURES}
    longest = min(
        (row["longest_wait_since"] for row in rows if row["longest_wait_since"]), default=None
    )
    totals.update(_longest(longest, now))
    totals["agents_online"] = len(online_ids) if presence_known else None
    totals["agents_on_shift"] = len(on_shift_ids)

    queues_of: dict[int, list[int]] = {}
    for queue_id, user_id in members:
        queues_of.setdefault(user_id, []).append(queue_id)
    agents = [
        {
            "id": p.pk,
            "name": str(p),
            "online": getattr(p, "online", None) if presence_known else None,
            "on_shift": p.pk in on_shift_ids,
            "open_items": p.open_items,
            "queues": sorted(queues_of.get(p.pk, [])),
        }
        for p in people
    ]
    return {
        "generated_at": now,
        "presence_known": presence_known,
        "queues": rows,
        "totals": totals,
        "agents": agents,
    }


def _longest(since: datetime | None, now: datetime) -> dict:
    return {
        "longest_wait_since": since,
        "longest_wait_seconds": max(0, int((now - since).total_seconds())) if since else None,
    }


def _figures(row: dict, now: datetime) -> dict:
    out = {name: row.get(name, 0) for name in ITEM_FIGURES if name in row}
    for name in ("waiting_chats", "calls_ringing", "ringbacks_open", "waiting_other"):
        out.setdefault(name, 0)
    out["waiting_calls"] = out["calls_ringing"] + out["ringbacks_open"]
    out["waiting_total"] = out["waiting_chats"] + out["waiting_calls"] + out["waiting_other"]
    out["sla_at_risk"] = row.get("sla_at_risk", 0)
    out["sla_breached_open"] = row.get("sla_breached_open", 0)
    out.update(_longest(row.get("longest_since"), now))
    return out
