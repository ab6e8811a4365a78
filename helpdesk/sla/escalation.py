"""Warnings, breaches and automatic escalation: the scan, escalation chains and their runs.

The scan (Celery beat) is one indexed statement per pass: it claims the running clocks whose
warning or due instant has come and marks them in the same statement, so two workers never
handle one clock twice. Each claimed warning tells the assignee; each breach starts an
escalation run along a snapshot of the policy's chain. A run's steps are idempotent: the run's
row lock and the unique (run, level) step make each level run exactly once, whoever calls it.
The helpers that tell people and record events are shared with manual escalation (``manual``).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.queues.models import EventVerb, QueueMembership, WorkItem
from helpdesk.queues.selectors import is_queue_lead
from helpdesk.realtime.groups import queue_group, user_group
from helpdesk.realtime.publish import publish_on_commit

from . import businesstime
from .clocks import schedule_for_queue
from .models import (
    ClockState,
    Escalation,
    EscalationRun,
    EscalationState,
    EscalationStep,
    RunState,
    SlaClock,
    TargetKind,
)

logger = logging.getLogger(__name__)

SCAN_BATCH = 500
# Used when a policy names no chain: the assignee at once, the supervisor on duty after 30
# business minutes, the managers 30 minutes after that.
DEFAULT_CHAIN = [
    {"target": TargetKind.ASSIGNEE, "after_minutes": 0},
    {"target": TargetKind.SUPERVISOR_ON_DUTY, "after_minutes": 30},
    {"target": TargetKind.MANAGER, "after_minutes": 30},
]


def validate_levels(levels) -> list[str]:
    problems = []
    if not isinstance(levels, list) or not levels:
        return ["empty"]
    for level in levels:
        if not isinstance(level, dict) or level.get("target") not in TargetKind.values:
            problems.append("target")
        elif not isinstance(level.get("after_minutes"), int) or not (
            0 <= level["after_minutes"] <= 7 * 24 * 60
        ):
            problems.append("after_minutes")
    return problems


# --- the scan ------------------------------------------------------------------------------------

# Each arm walks its own partial index (running clocks not yet warned / not yet breached) in
# the order of its instant, so a pass with nothing due reads a few index pages whatever the
# history; the candidates are then rechecked, locked (skipping rows another worker holds) and
# marked in the same statement. (Ordering by id instead made PostgreSQL walk the whole primary
# key: bench/README.md, "SLA scan".)
_SCAN = """
WITH candidates AS (
    SELECT id FROM (
        SELECT id FROM sla_slaclock
        WHERE state = 'running' AND warned_at IS NULL AND warn_at <= %(now)s
        ORDER BY warn_at LIMIT %(limit)s
    ) AS warning
    UNION
    SELECT id FROM (
        SELECT id FROM sla_slaclock
        WHERE state = 'running' AND breached_at IS NULL AND due_at <= %(now)s
        ORDER BY due_at LIMIT %(limit)s
    ) AS overdue
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
    {lock}
)
UPDATE sla_slaclock
SET warned_at = CASE WHEN due.warn THEN %(now)s ELSE sla_slaclock.warned_at END,
    breached_at = CASE WHEN due.breach THEN sla_slaclock.due_at ELSE sla_slaclock.breached_at END
FROM due
WHERE sla_slaclock.id = due.id
RETURNING sla_slaclock.id, due.warn, due.breach
"""


def scan(now: datetime | None = None, limit: int = SCAN_BATCH) -> tuple[list[int], list[int]]:
    """Claim and mark the clocks that reached their warning or due instant: one statement on
    PostgreSQL. Returns (warned clock ids, breached clock ids); the caller tells people and
    escalates."""
    now = now or timezone.now()
    params = {"now": now, "limit": limit}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_SCAN.format(lock="FOR UPDATE SKIP LOCKED"), params)
            rows = cursor.fetchall()
        else:
            # SQLite serialises writers and its RETURNING sees only the updated table: read the
            # candidates with their flags, then mark them (two statements, one transaction).
            select = _SCAN.format(lock="").split("UPDATE sla_slaclock")[0] + "SELECT * FROM due"
            cursor.execute(select, params)
            rows = cursor.fetchall()
            for clock_id, warn_now, breach_now in rows:
                cursor.execute(
                    "UPDATE sla_slaclock SET"
                    " warned_at = CASE WHEN %s THEN %s ELSE warned_at END,"
                    " breached_at = CASE WHEN %s THEN due_at ELSE breached_at END"
                    " WHERE id = %s",
                    [bool(warn_now), now, bool(breach_now), clock_id],
                )
    warned = sorted(r[0] for r in rows if r[1])
    breached = sorted(r[0] for r in rows if r[2])
    return warned, breached


def scan_and_act(now: datetime | None = None) -> dict:
    """One pass of the beat task: scan, then tell and escalate (each clock in its own
    transaction, so one failure does not undo the others), then run the escalation steps due.
    Calendars are read once per queue per pass."""
    now = now or timezone.now()
    warned, breached = scan(now)
    schedules: dict[int, businesstime.Schedule] = {}
    for clock_id in warned:
        _safely(warn, clock_id)
    for clock_id in breached:
        _safely(breach, clock_id, schedules)
    steps = run_due_steps(now, schedules)
    return {"warned": len(warned), "breached": len(breached), "steps": steps}


def _safely(action, *args) -> None:
    try:
        action(*args)
    except Exception:  # logged; the next pass does not retry a claimed clock, the run does
        logger.exception("SLA %s failed for %s", action.__name__, args)


# --- telling people ------------------------------------------------------------------------------


def _tell(users, event: str, payload: dict, *, subject: str, body: str) -> None:
    """``users``: people or their ids."""
    from .tasks import send_sla_mail

    ids = sorted({getattr(u, "pk", u) for u in users if u is not None})
    publish_on_commit([user_group(u) for u in ids], event, payload)
    for user_id in ids:
        enqueue_on_commit(send_sla_mail, user_id, str(subject), str(body))


def _record(item, verb, data, actor=None, reason="", *, publish: bool = True):
    from helpdesk.queues.services import event_record, item_publish

    event_record(item=item, actor=actor, verb=verb, data=data, reason=reason)
    if publish:
        item_publish(item)


def _schedule(queue_id: int, schedules: dict | None) -> businesstime.Schedule:
    if schedules is None:
        return schedule_for_queue(queue_id)
    if queue_id not in schedules:
        schedules[queue_id] = schedule_for_queue(queue_id)
    return schedules[queue_id]


def _clock_payload(clock: SlaClock) -> dict:
    item = clock.item
    return {
        "item": item.pk,
        "reference": item.reference,
        "subject": item.subject,
        "target": clock.kind,
        "due_at": clock.due_at.isoformat() if clock.due_at else None,
    }


@transaction.atomic
def warn(clock_id: int) -> None:
    clock = SlaClock.objects.select_related("item").get(pk=clock_id)
    item = clock.item
    if clock.state != ClockState.RUNNING:
        return
    # The item itself did not change: its timeline hears of it, the consoles get sla.warning.
    _record(
        item,
        EventVerb.SLA_WARNING,
        {"target": clock.kind, "due_at": _iso(clock.due_at)},
        publish=False,
    )
    subject = _("%(ref)s is close to its %(target)s target") % {
        "ref": item.reference,
        "target": clock.get_kind_display(),
    }
    if item.assignee_id:
        _tell(
            [item.assignee_id],
            "sla.warning",
            _clock_payload(clock),
            subject=subject,
            body=_("Due at %(due)s: %(subject)s")
            % {"due": _iso(clock.due_at), "subject": item.subject},
        )
    publish_on_commit([queue_group(item.queue_id)], "sla.warning", _clock_payload(clock))


def _iso(moment):
    return moment.isoformat() if moment else None


@transaction.atomic
def breach(clock_id: int, schedules: dict | None = None) -> EscalationRun | None:
    """Record the breach and start the escalation run (none if one is active for the item)."""
    clock = SlaClock.objects.select_related("item", "policy__escalation").get(pk=clock_id)
    item = WorkItem.objects.select_for_update().get(pk=clock.item_id)
    _record(item, EventVerb.SLA_BREACHED, {"target": clock.kind, "due_at": _iso(clock.due_at)})
    publish_on_commit([queue_group(item.queue_id)], "sla.breached", _clock_payload(clock))
    if not item.is_unresolved or item.escalation_runs.filter(state=RunState.ACTIVE).exists():
        return None
    chain = clock.policy.escalation if clock.policy else None
    levels = list(chain.levels) if chain else [dict(level) for level in DEFAULT_CHAIN]
    schedule = _schedule(item.queue_id, schedules)
    start = clock.breached_at or timezone.now()
    run = EscalationRun.objects.create(
        item=item,
        clock=clock,
        chain_name=chain.name if chain else "default",
        levels=levels,
        next_at=businesstime.add(schedule, start, levels[0]["after_minutes"] * 60),
    )
    return run


# --- running a chain -----------------------------------------------------------------------------


def targets_for(item: WorkItem, target: str) -> list:
    """Who a level reaches now: resolved when the step runs."""
    User = get_user_model()
    if target == TargetKind.ASSIGNEE:
        return [item.assignee] if item.assignee_id and item.assignee.is_active else []
    if target == TargetKind.SUPERVISOR_ON_DUTY:
        from helpdesk.shifts.duty import rostered_now, supervisors_on_duty

        if rostered_now(item.queue_id) is not None:  # a published roster covers today
            return supervisors_on_duty(item.queue_id)
        target = TargetKind.QUEUE_SUPERVISORS  # no roster: the queue's supervisors
    if target == TargetKind.QUEUE_SUPERVISORS:
        return list(
            User.objects.filter(
                is_active=True,
                memberships__queue_id=item.queue_id,
                memberships__role=Role.SUPERVISOR,
            ).distinct()
        )
    return list(User.objects.filter(is_active=True, roles__role=Role.MANAGER).distinct())


def run_due_steps(now: datetime | None = None, schedules: dict | None = None) -> int:
    now = now or timezone.now()
    due = list(
        EscalationRun.objects.filter(state=RunState.ACTIVE, next_at__lte=now)
        .order_by("next_at")
        .values_list("pk", flat=True)[:SCAN_BATCH]
    )
    done = 0
    for run_id in due:
        try:
            done += int(step(run_id, now=now, schedules=schedules))
        except Exception:
            logger.exception("escalation step failed for run %s", run_id)
    return done


@transaction.atomic
def step(run_id: int, *, now: datetime | None = None, schedules: dict | None = None) -> bool:
    """Run the run's next level if it is due (idempotent: False when there is nothing to do)."""
    now = now or timezone.now()
    run = EscalationRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.state != RunState.ACTIVE or run.next_at is None or run.next_at > now:
        return False
    item = WorkItem.objects.select_related("assignee", "queue").get(pk=run.item_id)
    level = run.next_level
    spec = run.levels[level]
    people = targets_for(item, spec["target"])
    record = EscalationStep.objects.create(
        run=run, level=level, target=spec["target"], skipped=not people
    )
    if people:
        record.notified.set(people)
        _tell(
            people,
            "sla.escalated",
            {
                "run": run.pk,
                "item": item.pk,
                "reference": item.reference,
                "subject": item.subject,
                "level": level,
                "target": spec["target"],
            },
            subject=_("Escalated to you: %(ref)s %(subject)s")
            % {"ref": item.reference, "subject": item.subject},
            body=_("This item is past its SLA target. Acknowledge it in the escalation inbox."),
        )
    _record(
        item,
        EventVerb.ESCALATED,
        {
            "run": run.pk,
            "level": level,
            "target": spec["target"],
            "to": [u.pk for u in people],
            "skipped": not people,
            "automatic": True,
        },
    )
    run.next_level = level + 1
    if run.next_level >= len(run.levels):
        run.state = RunState.EXHAUSTED
        run.next_at = None
        run.ended_at = now
    else:
        after = run.levels[run.next_level]["after_minutes"] * 60
        run.next_at = businesstime.add(_schedule(item.queue_id, schedules), now, after)
    run.save()
    return True


def runs_visible_to(user):
    """Automatic runs one was told of (any step), or all of the queues one leads."""
    from django.db.models import Q

    from helpdesk.queues.models import Queue

    qs = EscalationRun.objects.select_related("item", "acknowledged_by")
    if user.has_role(Role.MANAGER):
        return qs
    led = QueueMembership.objects.filter(user=user, role=Role.SUPERVISOR).values("queue_id")
    return qs.filter(
        Q(steps__notified=user) | Q(item__queue__in=Queue.objects.filter(pk__in=led))
    ).distinct()


@transaction.atomic
def run_acknowledge(*, actor, run_id: int) -> EscalationRun:
    run = runs_visible_to(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    run = EscalationRun.objects.select_for_update().get(pk=run.pk)
    told = EscalationStep.objects.filter(run=run, notified=actor).exists()
    if not told and not is_queue_lead(actor, run.item.queue_id):
        raise ServiceError(
            _("Only someone this escalation reached may acknowledge it."),
            code="not_yours",
            status_code=403,
        )
    if run.state != RunState.ACTIVE:
        raise Conflict(_("This escalation is no longer running."), code="escalation_closed")
    run.state = RunState.ACKNOWLEDGED
    run.acknowledged_by = actor
    run.acknowledged_at = timezone.now()
    run.next_at = None
    run.save()
    _record(run.item, EventVerb.ESCALATION_ACKNOWLEDGED, {"run": run.pk}, actor=actor)
    told = EscalationStep.objects.filter(run=run).values_list("notified", flat=True)
    publish_on_commit(
        [user_group(u) for u in sorted({u for u in told if u})],
        "sla.run_acknowledged",
        {"run": run.pk, "item": run.item_id, "by": actor.pk},
    )
    return run


def end_runs(item: WorkItem, now: datetime) -> None:
    """The item was resolved: its running escalations end (called by the clocks)."""
    EscalationRun.objects.filter(item=item, state=RunState.ACTIVE).update(
        state=RunState.ENDED, next_at=None, ended_at=now
    )
    Escalation.objects.filter(item=item, state=EscalationState.OPEN).update(
        state=EscalationState.RESOLVED, handled_at=now
    )
