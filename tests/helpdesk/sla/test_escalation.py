"""Warnings, breaches and the escalation chain: assignee → supervisor on duty → manager."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from helpdesk.queues.models import WorkItem
from helpdesk.shifts.models import RosterPeriod, ShiftAssignment, ShiftType
from helpdesk.sla import escalation
from helpdesk.sla.models import EscalationChain, EscalationRun, EscalationStep, SlaClock, SlaPolicy
from helpdesk.tickets import services as tickets
from tests.concurrency import require_postgresql, run_concurrently

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def policy(queue):
    # Around the clock (no calendar): first response within an hour, warn at 80 %.
    return SlaPolicy.objects.create(queue=queue, first_response_minutes=60, warn_percent=80)


def assigned_ticket(agent, queue, when):
    with time_machine.travel(when, tick=False):
        ticket = tickets.ticket_create(
            actor=agent, queue_id=queue.pk, subject="No credit", body="Paid twice."
        )
        item = WorkItem.objects.get(pk=ticket.item_id)
        WorkItem.objects.filter(pk=item.pk).update(assignee=agent, status="open")
    return WorkItem.objects.get(pk=item.pk)


def scan_at(when):
    with time_machine.travel(when, tick=False):
        return escalation.scan_and_act()


@pytest.mark.django_db
def test_warning_then_breach_then_the_chain_climbs_one_level_at_a_time(
    agent, supervisor, manager, queue, policy, django_capture_on_commit_callbacks
):
    item = assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0))

    with django_capture_on_commit_callbacks(execute=True):
        assert scan_at(at(2026, 12, 7, 9, 47)) == {"warned": 0, "breached": 0, "steps": 0}
        assert scan_at(at(2026, 12, 7, 9, 48)) == {"warned": 1, "breached": 0, "steps": 0}
        assert scan_at(at(2026, 12, 7, 9, 50))["warned"] == 0  # told once
    assert [m.to for m in mail.outbox] == [[agent.email]]

    with django_capture_on_commit_callbacks(execute=True):
        # Due at 10:00: breached, and level 0 (the assignee) runs at once.
        assert scan_at(at(2026, 12, 7, 10, 0)) == {"warned": 0, "breached": 1, "steps": 1}
        assert scan_at(at(2026, 12, 7, 10, 29))["steps"] == 0
        assert scan_at(at(2026, 12, 7, 10, 30))["steps"] == 1  # the supervisor (no roster)
        assert scan_at(at(2026, 12, 7, 11, 0))["steps"] == 1  # the managers
        assert scan_at(at(2026, 12, 8, 11, 0))["steps"] == 0  # every level done
    run = EscalationRun.objects.get(item=item)
    assert run.state == "exhausted"
    told = [list(s.notified.values_list("username", flat=True)) for s in run.steps.all()]
    assert told == [[agent.username], [supervisor.username], [manager.username]]
    verbs = list(item.events.values_list("verb", flat=True))
    assert verbs.count("escalated") == 3 and "sla_warning" in verbs and "sla_breached" in verbs
    assert SlaClock.objects.get(item=item).breached_at == at(2026, 12, 7, 10, 0)


@pytest.mark.django_db
def test_a_level_with_nobody_on_duty_is_skipped_and_recorded(
    settings, agent, supervisor, manager, queue, policy
):
    settings.TIME_ZONE = "Asia/Shanghai"
    # A published roster covers today, but the supervisor's shift is the evening one.
    late = ShiftType.objects.create(name="Late", code="L", start=time(16), minutes=480)
    period = RosterPeriod.objects.create(
        first_day=date(2026, 12, 7), last_day=date(2026, 12, 13), status="published"
    )
    ShiftAssignment.objects.create(
        period=period, user=supervisor, day=date(2026, 12, 7), shift_type=late, queue=queue
    )
    item = assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    for minute in (0, 30, 60):
        scan_at(at(2026, 12, 7, 10, 0) + timedelta(minutes=minute))

    steps = EscalationStep.objects.filter(run__item=item).order_by("level")
    assert [(s.target, s.skipped) for s in steps] == [
        ("assignee", False),
        ("supervisor_on_duty", True),
        ("manager", False),
    ]
    skipped = item.events.filter(verb="escalated", data__skipped=True)
    assert skipped.count() == 1


@pytest.mark.django_db
def test_acknowledging_stops_the_chain(agent, supervisor, manager, queue, policy):
    item = assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    scan_at(at(2026, 12, 7, 10, 0))
    run = EscalationRun.objects.get(item=item)

    escalation.run_acknowledge(actor=agent, run_id=run.pk)
    assert scan_at(at(2026, 12, 7, 12, 0))["steps"] == 0
    run.refresh_from_db()
    assert (run.state, run.acknowledged_by) == ("acknowledged", agent)
    assert EscalationStep.objects.filter(run=run).count() == 1


@pytest.mark.django_db
def test_a_chain_edited_later_does_not_change_a_running_escalation(agent, manager, queue, policy):
    chain = EscalationChain.objects.create(
        name="Straight up", levels=[{"target": "manager", "after_minutes": 0}]
    )
    policy.escalation = chain
    policy.save()
    item = assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    scan_at(at(2026, 12, 7, 10, 0))
    chain.levels = [{"target": "assignee", "after_minutes": 0}] * 3
    chain.save()
    scan_at(at(2026, 12, 7, 12, 0))
    run = EscalationRun.objects.get(item=item)
    assert (run.chain_name, run.levels, run.state) == (
        "Straight up",
        [{"target": "manager", "after_minutes": 0}],
        "exhausted",
    )


@pytest.mark.django_db
def test_resolving_ends_the_escalation(agent, supervisor, queue, policy):
    item = assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    scan_at(at(2026, 12, 7, 10, 0))
    with time_machine.travel(at(2026, 12, 7, 10, 5), tick=False):
        tickets.ticket_reply(ticket_id=item.pk, actor=agent, body="Refunded.", status="resolved")
    assert EscalationRun.objects.get(item=item).state == "ended"
    assert scan_at(at(2026, 12, 7, 12, 0))["steps"] == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_scanning_at_once_warn_breach_and_step_exactly_once(
    agent, supervisor, manager, queue, policy
):
    require_postgresql()
    items = [assigned_ticket(agent, queue, at(2026, 12, 7, 9, 0)) for _ in range(5)]

    def pass_at(when):
        with time_machine.travel(when, tick=False):
            return escalation.scan_and_act()

    for when in (at(2026, 12, 7, 9, 48), at(2026, 12, 7, 10, 0), at(2026, 12, 7, 10, 30)):
        _results, errors = run_concurrently(pass_at, [(when,), (when,)])
        assert errors == []
    assert SlaClock.objects.filter(item__in=items, warned_at__isnull=False).count() == 5
    assert EscalationRun.objects.filter(item__in=items).count() == 5
    for item in items:
        steps = EscalationStep.objects.filter(run__item=item)
        assert sorted(steps.values_list("level", flat=True)) == [0, 1]
        assert item.events.filter(verb="sla_warning").count() == 1
        assert item.events.filter(verb="sla_breached").count() == 1
