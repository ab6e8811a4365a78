"""A small department for the wallboard tests, with every figure known by construction."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chat.models import AgentPresence, Conversation, PresenceStatus, State
from helpdesk.hotline.models import Call, CallSource, CallState, Direction, RingBack
from helpdesk.queues.models import Kind, Status, WorkItem
from helpdesk.shifts.models import (
    LeaveRequest,
    LeaveStatus,
    RosterPeriod,
    ShiftAssignment,
    ShiftType,
)
from helpdesk.sla.models import ClockKind, ClockState, SlaClock
from tests.factories import MembershipFactory, QueueFactory, UserFactory, WorkItemFactory


def item(queue, *, kind=Kind.TICKET, status=Status.NEW, assignee=None, age_minutes=1):
    made = WorkItemFactory(queue=queue, kind=kind, status=status, assignee=assignee)
    WorkItem.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(minutes=age_minutes)
    )
    made.refresh_from_db()
    return made


def chat(queue, *, state=State.WAITING, assignee=None, age_minutes=1):
    status = Status.CLOSED if state == State.ENDED else (Status.OPEN if assignee else Status.NEW)
    made = item(queue, kind=Kind.CHAT, status=status, assignee=assignee, age_minutes=age_minutes)
    Conversation.objects.create(item=made, visitor_name="Visitor", state=state)
    return made


def call(queue, *, state=CallState.RINGING, direction=Direction.INBOUND, age_minutes=1, agent=None):
    status = Status.NEW if state == CallState.RINGING else Status.OPEN
    made = item(queue, kind=Kind.CALL, status=status, assignee=agent, age_minutes=age_minutes)
    Call.objects.create(
        item=made,
        source=CallSource.MANUAL,
        direction=direction,
        from_number="+8613800000001",
        to_number="+8640000000",
        queue=queue,
        state=state,
        initiated_at=timezone.now() - timedelta(minutes=age_minutes),
    )
    return made


_numbers = iter(range(10**6))


def ringback(queue, *, missed_minutes_ago, status=Status.NEW):
    made = item(queue, kind=Kind.CALLBACK, status=status, age_minutes=1)
    missed = timezone.now() - timedelta(minutes=missed_minutes_ago)
    RingBack.objects.create(
        item=made,
        queue=queue,
        number=f"+86139{next(_numbers):08d}",
        first_missed_at=missed,
        last_missed_at=missed,
    )
    return made


def clock(work_item, *, state=ClockState.RUNNING, warn_in=None, due_in=None, breached=False):
    now = timezone.now()
    return SlaClock.objects.create(
        item=work_item,
        kind=ClockKind.RESOLUTION,
        target_seconds=3600,
        state=state,
        started_at=now - timedelta(hours=1),
        warn_at=now + timedelta(minutes=warn_in) if warn_in is not None else None,
        due_at=now + timedelta(minutes=due_in) if due_in is not None else None,
        breached_at=now - timedelta(minutes=5) if breached else None,
    )


def online(user, *, status=PresenceStatus.ONLINE, seen_minutes_ago=0):
    AgentPresence.objects.update_or_create(
        user=user,
        defaults={
            "status": status,
            "last_seen": timezone.now() - timedelta(minutes=seen_minutes_ago),
        },
    )


def on_shift(user, queue, *, now=None, covering=True, code="X"):
    """A published shift of ``user`` in ``queue`` that covers now (or starts in two hours)."""
    local = timezone.localtime(now)
    start = local - timedelta(hours=1) if covering else local + timedelta(hours=2)
    start = start.replace(second=0, microsecond=0)
    shift_type, _ = ShiftType.objects.get_or_create(
        code=f"{code}{'C' if covering else 'L'}",
        defaults={
            "name": f"Shift {code} {covering}",
            "start": start.time(),
            "minutes": 180 if covering else 60,
        },
    )
    period, _ = RosterPeriod.objects.get_or_create(
        # (one shift a day per roster: a later shift goes in a second published roster)
        first_day=start.date() - timedelta(days=1 if covering else 2),
        last_day=start.date() + timedelta(days=1),
        defaults={"status": "published"},
    )
    return ShiftAssignment.objects.create(
        period=period, user=user, day=start.date(), shift_type=shift_type, queue=queue
    )


def on_leave(user):
    today = timezone.localdate()
    LeaveRequest.objects.create(
        user=user,
        first_day=today - timedelta(days=1),
        last_day=today + timedelta(days=1),
        kind="annual",
        status=LeaveStatus.APPROVED,
    )


def build_world(queue, other_queue, agent, agent2, outsider):
    """Support (``queue``) and Billing (``other_queue``) with their waiting work; expected
    figures are in :data:`EXPECTED`."""
    # Support: chats
    chat(queue, age_minutes=10)  # waiting, nobody offered it: the oldest chat
    chat(queue, assignee=agent, age_minutes=3)  # offered to agent, still waiting
    chat(queue, state=State.ACTIVE, assignee=agent)  # being answered
    chat(queue, state=State.ENDED, age_minutes=50)  # over
    # Support: calls
    call(queue, age_minutes=20)  # ringing
    call(queue, state=CallState.ANSWERED, agent=agent2)  # being talked
    call(queue, direction=Direction.OUTBOUND, age_minutes=40)  # our call out, ringing
    ringback(queue, missed_minutes_ago=120)  # open ring-back: the longest wait of all
    ringback(queue, missed_minutes_ago=300, status=Status.RESOLVED)  # done
    # Support: other work and SLA
    item(queue, age_minutes=30)  # new ticket nobody has
    at_risk = item(queue, status=Status.OPEN, assignee=agent)
    clock(at_risk, warn_in=-5, due_in=10)
    overdue = item(queue, age_minutes=15)  # new, nobody has it, clock running past due
    clock(overdue, warn_in=-30, due_in=-1)
    late_pending = item(queue, status=Status.PENDING, assignee=agent2)
    clock(late_pending, state=ClockState.BREACHED, breached=True)
    calm = item(queue, status=Status.OPEN, assignee=agent2)
    clock(calm, warn_in=20, due_in=40)  # fine
    done = item(queue, status=Status.RESOLVED, assignee=agent2)
    clock(done, state=ClockState.BREACHED, breached=True)  # breached but resolved: not open
    # Billing
    item(other_queue, age_minutes=5)
    item(other_queue, kind=Kind.COMPLAINT, assignee=outsider)  # has a handler
    # An inactive queue counts for nothing.
    closed_queue = QueueFactory(name="Old", slug="old", is_active=False)
    item(closed_queue, age_minutes=600)
    MembershipFactory(queue=closed_queue, user=UserFactory(username="retired", roles=["agent"]))

    # People
    online(agent)
    online(agent2, seen_minutes_ago=30)  # heartbeats lapsed: not online
    online(outsider, status=PresenceStatus.AWAY)
    on_shift(agent2, queue, code="A")
    on_shift(agent, queue, code="B")
    on_leave(agent)  # rostered but on approved leave: not on shift
    on_shift(outsider, other_queue, code="C")
    on_shift(outsider, queue, covering=False, code="D")  # later today


EXPECTED_SUPPORT = {
    "waiting_chats": 2,
    "calls_ringing": 1,
    "ringbacks_open": 1,
    "waiting_calls": 2,
    "waiting_other": 2,
    "waiting_total": 6,
    "sla_at_risk": 1,
    "sla_breached_open": 2,
    "agents_online": 1,
    "agents_on_shift": 1,
}
EXPECTED_BILLING = {
    "waiting_chats": 0,
    "calls_ringing": 0,
    "ringbacks_open": 0,
    "waiting_calls": 0,
    "waiting_other": 1,
    "waiting_total": 1,
    "sla_at_risk": 0,
    "sla_breached_open": 0,
    "agents_online": 0,
    "agents_on_shift": 1,
}
