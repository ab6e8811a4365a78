"""The scale bench's checks after a configuration's load (its app processes still running, so
beat's sweeps go on while we wait): each counter must be 0.

- chat messages lost / duplicated: the chat runner's (sent by one side and never received by the
  other after the drain; received more than once);
- orders charged twice / submitted twice: the simulator's ledgers (bench/orders_figures.py),
  once no order placed in this configuration is still open (up to ``--settle`` s);
- work items stuck: tickets of this configuration unresolved with no assignee once routing has
  had ``--settle`` s (the routing sweep runs every 5 s in the bench), and open orders with no
  next action time (no step pending: nothing would ever move them);
- chats left waiting: chats visitors started in this configuration that no desk has taken once
  the offers (and the re-offers of offers a fault lost) have had ``--settle`` s;
- SLA steps run twice: a clock warned or breached more than once, an escalation level run more
  than once (its step row, or its "escalated" event); SLA steps overdue: clocks of the bench queue
  past due for over 20 s and not breached, escalation runs whose next level is over 20 s late.

Used by bench/scale_bench.py.
"""

from __future__ import annotations

import time


def _wait(args, count) -> int:
    deadline = time.monotonic() + args.settle
    n = count()
    while n and time.monotonic() < deadline:
        time.sleep(1)
        n = count()
    return n


def checks(args, infra, data: dict, since, tally, chat, desks) -> dict:
    from django.db import connection
    from orders_figures import ledger_checks, ledgers

    from chat.models import Conversation, State
    from helpdesk.queues.models import UNRESOLVED_STATUSES, WorkItem
    from helpdesk.sla.models import EscalationRun, EscalationStep
    from orders.models import OPEN_ORDER_STATUSES, Order

    orders = Order.objects.filter(created_at__gte=since)
    open_left = _wait(args, lambda: orders.filter(status__in=OPEN_ORDER_STATUSES).count())
    books = ledger_checks(ledgers(infra.sim))
    tickets = WorkItem.objects.filter(queue_id=data["queue"], kind="ticket", created_at__gte=since)
    unowned = _wait(
        args, lambda: tickets.filter(status__in=UNRESOLVED_STATUSES, assignee=None).count()
    )
    no_step = orders.filter(status__in=OPEN_ORDER_STATUSES, next_action_at=None).count()
    waiting = _wait(
        args,
        lambda: Conversation.objects.filter(
            item__queue_id=data["chat_queue_id"], item__created_at__gte=since, state=State.WAITING
        ).count(),
    )
    overdue = _wait(args, lambda: sla_overdue(data["queue"]))
    twice = sla_twice(data["queue"])
    row = chat.row()
    info = {
        "orders in db": orders.count(),
        "orders answered 201": tally.orders_ok,
        "of which replays of a retried request": tally.orders_replayed,
        "orders still open": open_left,
        "tickets in db": tickets.count(),
        "tickets answered 201": tally.tickets_ok,
        "chats started": tally.chats_ok,
        "desks": dict(desks.counts),
        "SLA breaches": EscalationRun.objects.filter(
            item__queue_id=data["queue"], started_at__gte=since
        ).count(),
        "escalation steps": EscalationStep.objects.filter(
            run__item__queue_id=data["queue"], ran_at__gte=since
        ).count(),
    }
    connection.close()
    result = {
        "chat messages lost": row["lost"],
        "chat messages duplicated": row["duplicated"],
        "orders charged twice": books["charged_twice"],
        "orders submitted twice to one channel": books["submitted_twice"],
        "tickets without an owner": unowned,
        "open orders with no pending step": no_step,
        "chats left waiting": waiting,
        "SLA steps run twice": twice,
        "SLA steps overdue": overdue,
    }
    result["_info"] = info  # printed, not a loss counter
    if row["lost"]:
        info["lost, e.g."] = ", ".join(row["lost_sample"])
    return result


def sla_overdue(queue_id: int) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from helpdesk.sla.models import EscalationRun, SlaClock

    late = timezone.now() - timedelta(seconds=20)
    clocks = SlaClock.objects.filter(
        item__queue_id=queue_id, state="running", breached_at=None, due_at__lt=late
    ).count()
    runs = EscalationRun.objects.filter(
        item__queue_id=queue_id, state="active", next_at__lt=late
    ).count()
    return clocks + runs


def sla_twice(queue_id: int) -> int:
    """Every repeat of an SLA step's effect: a level's step row or its automatic "escalated"
    event, a clock's "warning" or "breached" event."""
    from django.db.models import Count

    from helpdesk.queues.models import EventVerb, WorkItemEvent
    from helpdesk.sla.models import EscalationStep

    def repeats(qs, *keys) -> int:
        return qs.values(*keys).annotate(n=Count("id")).filter(n__gt=1).count()

    events = WorkItemEvent.objects.filter(item__queue_id=queue_id)
    return (
        repeats(EscalationStep.objects.filter(run__item__queue_id=queue_id), "run_id", "level")
        + repeats(
            events.filter(verb=EventVerb.ESCALATED, data__automatic=True),
            "data__run",
            "data__level",
        )
        + repeats(
            events.filter(verb=EventVerb.SLA_BREACHED), "item_id", "data__target", "data__due_at"
        )
        + repeats(
            events.filter(verb=EventVerb.SLA_WARNING), "item_id", "data__target", "data__due_at"
        )
    )


def print_checks(result: dict) -> None:
    info = result.pop("_info")
    print("  checks (each must be 0):")
    for name, value in result.items():
        print(f"    {name:40} {value:>6}{'' if value == 0 else '   <-- NOT 0'}")
    print("  " + "; ".join(f"{k} {v}" for k, v in info.items()))
