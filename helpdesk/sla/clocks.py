"""SLA clocks on work items: started, paused, resumed, stopped as the item changes.

Every change to an item is recorded by ``queues.services.event_record``; that calls
:func:`on_event` with the event's verb, and the clocks follow (docs/sla.md):

- created: the first-response and resolution clocks of the item's policy start;
- a public reply (``replied``; answered calls): the first-response clock and any next-response
  clock stop (met, or breached if past due); internal notes never count;
- a customer message (``customer_replied``) after the first response starts a next-response clock;
- waiting on the customer or on hold pauses every running clock; back to new/open resumes them;
- resolved or closed stops the resolution clock and cancels the rest; reopening starts nothing;
- a new priority or queue re-reads the policy: running clocks keep the time used and take the
  new targets (a target the new policy lacks is cancelled).

Due and warning instants are stored on the clock (indexed for the scan) and mirrored on the item
(``first_response_due``, ``next_response_due``, ``resolution_due``, ``due_at``).
"""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from helpdesk.queues.models import EventVerb, Status, WorkItem

from . import businesstime
from .models import (
    LIVE_CLOCKS,
    BusinessHours,
    ClockKind,
    ClockState,
    DayKind,
    QueueCalendar,
    SlaClock,
    SlaPolicy,
    SpecialDay,
)

PAUSED_STATUSES = (Status.PENDING, Status.ON_HOLD)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)
TARGET_FIELD = {
    ClockKind.FIRST_RESPONSE: "first_response_minutes",
    ClockKind.NEXT_RESPONSE: "next_response_minutes",
    ClockKind.RESOLUTION: "resolution_minutes",
}
DUE_FIELD = {
    ClockKind.FIRST_RESPONSE: "first_response_due",
    ClockKind.NEXT_RESPONSE: "next_response_due",
    ClockKind.RESOLUTION: "resolution_due",
}


# --- calendars and policies ----------------------------------------------------------------------


def schedule_for_queue(queue_id: int) -> businesstime.Schedule:
    """The queue's business calendar as a schedule (around the clock when it has none)."""
    link = QueueCalendar.objects.select_related("calendar").filter(queue_id=queue_id).first()
    if link is None:
        return businesstime.Schedule.always()
    return schedule_for_calendar(link.calendar)


def schedule_for_calendar(calendar) -> businesstime.Schedule:
    hours: dict[int, list[tuple[int, int]]] = {}
    for row in BusinessHours.objects.filter(calendar=calendar).order_by("weekday", "start_minute"):
        hours.setdefault(row.weekday, []).append((row.start_minute, row.end_minute))
    holidays, workdays = set(), {}
    for day in SpecialDay.objects.filter(calendar=calendar):
        if day.kind == DayKind.CLOSED:
            holidays.add(day.day)
        else:
            workdays[day.day] = day.hours_of_weekday
    return businesstime.Schedule(
        zone=ZoneInfo(calendar.time_zone),
        hours={weekday: tuple(spans) for weekday, spans in hours.items()},
        holidays=frozenset(holidays),
        workdays=workdays,
    )


def policy_for(item: WorkItem) -> SlaPolicy | None:
    """The most specific policy of the item's queue: kind and priority, then priority, then
    kind, then the queue's default."""
    candidates = SlaPolicy.objects.filter(
        Q(kind=item.kind) | Q(kind=""),
        Q(priority=item.priority) | Q(priority__isnull=True),
        queue_id=item.queue_id,
    ).select_related("escalation")

    def rank(policy):
        return (policy.kind != "", policy.priority is not None)

    return max(candidates, key=rank, default=None)


# --- one clock -----------------------------------------------------------------------------------


def _plan(clock: SlaClock, schedule, now: datetime) -> None:
    """Due and warning instants of a running clock from what it has used so far."""
    left = max(0.0, clock.target_seconds - clock.used_seconds)
    clock.due_at = businesstime.add(schedule, now, left)
    warn_after = clock.target_seconds * clock.warn_percent / 100
    if clock.warned_at is None:
        clock.warn_at = businesstime.add(schedule, now, max(0.0, warn_after - clock.used_seconds))


def _start(item, kind, policy, schedule, now) -> SlaClock | None:
    minutes = getattr(policy, TARGET_FIELD[kind]) if policy else None
    if not minutes:
        return None
    clock = SlaClock(
        item=item,
        kind=kind,
        policy=policy,
        target_seconds=minutes * 60,
        warn_percent=policy.warn_percent,
        started_at=now,
    )
    if item.status in PAUSED_STATUSES:
        clock.state = ClockState.PAUSED
    else:
        clock.running_since = now
        _plan(clock, schedule, now)
    clock.save()
    return clock


def _use(clock: SlaClock, schedule, now: datetime) -> None:
    """Count the running stretch up to ``now`` into ``used_seconds``."""
    if clock.state == ClockState.RUNNING and clock.running_since is not None:
        clock.used_seconds += businesstime.elapsed(schedule, clock.running_since, now)
        clock.running_since = now


def _stop(clock: SlaClock, schedule, now: datetime, *, cancel: bool = False) -> None:
    _use(clock, schedule, now)
    if cancel:
        clock.state = ClockState.CANCELLED
    else:
        late = clock.used_seconds > clock.target_seconds or (
            clock.due_at is not None and now > clock.due_at
        )
        clock.state = ClockState.BREACHED if late else ClockState.MET
        if late and clock.breached_at is None:
            clock.breached_at = clock.due_at or now
    clock.stopped_at = now
    clock.running_since = None
    clock.save()


def _pause(clock: SlaClock, schedule, now: datetime) -> None:
    if clock.state != ClockState.RUNNING:
        return
    _use(clock, schedule, now)
    clock.state = ClockState.PAUSED
    clock.running_since = None
    clock.due_at = None
    if clock.warned_at is None:
        clock.warn_at = None
    clock.save()


def _resume(clock: SlaClock, schedule, now: datetime) -> None:
    if clock.state != ClockState.PAUSED:
        return
    clock.state = ClockState.RUNNING
    clock.running_since = now
    _plan(clock, schedule, now)
    clock.save()


def _retarget(clock: SlaClock, policy, schedule, now: datetime) -> None:
    minutes = getattr(policy, TARGET_FIELD[clock.kind]) if policy else None
    if not minutes:
        _stop(clock, schedule, now, cancel=True)
        return
    _use(clock, schedule, now)
    clock.policy = policy
    clock.target_seconds = minutes * 60
    clock.warn_percent = policy.warn_percent
    if clock.state == ClockState.RUNNING:
        _plan(clock, schedule, now)
    clock.save()


# --- following the item ----------------------------------------------------------------------------

RELEVANT = {
    EventVerb.CREATED,
    EventVerb.REPLIED,
    EventVerb.CUSTOMER_REPLIED,
    EventVerb.STATUS_CHANGED,
    EventVerb.PRIORITY_CHANGED,
    EventVerb.TRANSFERRED,
}


def on_event(item: WorkItem, verb: str, data: dict | None = None, at: datetime | None = None):
    """Bring the item's clocks up to date after an event (inside the caller's transaction,
    which holds the item's row lock or has just created it)."""
    if verb not in RELEVANT:
        return
    now = at or timezone.now()
    data = data or {}
    if verb == EventVerb.CREATED:
        policy = policy_for(item)  # one query when the queue has no policy: nothing to run
        if policy is not None:
            schedule = schedule_for_queue(item.queue_id)
            for kind in (ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION):
                _start(item, kind, policy, schedule, now)
            _mirror(item)
        return
    if verb == EventVerb.STATUS_CHANGED and data.get("to", item.status) in DONE_STATUSES:
        from .escalation import end_runs

        end_runs(item, now)  # resolving ends every escalation of the item
    live = list(item.sla_clocks.filter(state__in=LIVE_CLOCKS))
    if verb == EventVerb.CUSTOMER_REPLIED:
        waiting = any(c.kind == ClockKind.NEXT_RESPONSE for c in live)
        if waiting or item.first_response_at is None or item.status in DONE_STATUSES:
            return
        policy = policy_for(item)
        if policy is None or not policy.next_response_minutes:
            return
        _start(item, ClockKind.NEXT_RESPONSE, policy, schedule_for_queue(item.queue_id), now)
        _mirror(item)
        return
    if not live:
        return  # no clock to move (one query)
    schedule = schedule_for_queue(item.queue_id)
    if verb == EventVerb.REPLIED:
        for clock in live:
            if clock.kind in (ClockKind.FIRST_RESPONSE, ClockKind.NEXT_RESPONSE):
                _stop(clock, schedule, now)
    elif verb == EventVerb.STATUS_CHANGED:
        status = data.get("to", item.status)
        for clock in live:
            if status in DONE_STATUSES:
                _stop(clock, schedule, now, cancel=clock.kind != ClockKind.RESOLUTION)
            elif status in PAUSED_STATUSES:
                _pause(clock, schedule, now)
            else:
                _resume(clock, schedule, now)
    else:  # priority or queue changed: the policy may differ
        policy = policy_for(item)
        for clock in live:
            _retarget(clock, policy, schedule, now)
    _mirror(item)


def _mirror(item: WorkItem) -> None:
    """Copy the running clocks' due times onto the item (for lists, sorting and the UI)."""
    due = dict.fromkeys(DUE_FIELD.values())
    warn = []
    for clock in item.sla_clocks.filter(state=ClockState.RUNNING).order_by("due_at"):
        field = DUE_FIELD[clock.kind]
        if due[field] is None:
            due[field] = clock.due_at
        if clock.warn_at is not None:
            warn.append(clock.warn_at)
    for field, value in due.items():
        setattr(item, field, value)
    item.refresh_due_at()
    item.sla_warn_at = min(warn) if warn and item.due_at else None
    WorkItem.objects.filter(pk=item.pk).update(
        **due, due_at=item.due_at, sla_warn_at=item.sla_warn_at
    )


def remaining_seconds(
    clock: SlaClock, now: datetime | None = None, schedule: businesstime.Schedule | None = None
) -> int | None:
    """Business seconds left (negative when overdue) of a running clock; None otherwise."""
    if clock.state != ClockState.RUNNING or clock.due_at is None:
        return None
    now = now or timezone.now()
    schedule = schedule or schedule_for_queue(clock.item.queue_id)
    if now <= clock.due_at:
        return math.ceil(businesstime.elapsed(schedule, now, clock.due_at))
    return -math.ceil(businesstime.elapsed(schedule, clock.due_at, now))
