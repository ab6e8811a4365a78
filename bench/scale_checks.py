"""The scale bench's checks after a configuration's load (its app processes still running, so
beat's sweeps go on while we wait): each counter must be 0.

- chat messages lost / duplicated: the chat runner's (sent by one side and never received by the
  other after the drain; received more than once);
- orders charged twice / submitted twice: the simulator's ledgers (bench/orders_figures.py),
  once no order placed in this configuration is still open (up to ``--settle`` s);
- work items stuck: tickets of this configuration unresolved with no assignee once routing has
  had ``--settle`` s (the routing sweep runs every 5 s in the bench), and open orders with no
  next action time (no step pending: nothing would ever move them);
- SLA steps run twice: escalation steps of one run and level written more than once.

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


def checks(args, infra, data: dict, since, tally, chat) -> dict:
    from django.db import connection
    from django.db.models import Count
    from orders_figures import ledger_checks, ledgers

    from helpdesk.queues.models import UNRESOLVED_STATUSES, WorkItem
    from helpdesk.sla.models import EscalationStep
    from orders.models import OPEN_ORDER_STATUSES, Order

    orders = Order.objects.filter(created_at__gte=since)
    open_left = _wait(args, lambda: orders.filter(status__in=OPEN_ORDER_STATUSES).count())
    books = ledger_checks(ledgers(infra.sim))
    tickets = WorkItem.objects.filter(queue_id=data["queue"], kind="ticket", created_at__gte=since)
    unowned = _wait(
        args, lambda: tickets.filter(status__in=UNRESOLVED_STATUSES, assignee=None).count()
    )
    no_step = orders.filter(status__in=OPEN_ORDER_STATUSES, next_action_at=None).count()
    twice = (
        EscalationStep.objects.values("run_id", "level")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    row = chat.row()
    info = {
        "orders in db": orders.count(),
        "orders answered 201": tally.orders_ok,
        "orders still open": open_left,
        "tickets in db": tickets.count(),
        "tickets answered 201": tally.tickets_ok,
        "escalation steps (all runs)": EscalationStep.objects.count(),
    }
    connection.close()
    result = {
        "chat messages lost": row["lost"],
        "chat messages duplicated": row["duplicated"],
        "orders charged twice": books["charged_twice"],
        "orders submitted twice to one channel": books["submitted_twice"],
        "tickets without an owner": unowned,
        "open orders with no pending step": no_step,
        "SLA steps run twice": twice,
    }
    result["_info"] = info  # printed, not a loss counter
    if row["lost"]:
        info["lost, e.g."] = ", ".join(row["lost_sample"])
    return result


def print_checks(result: dict) -> None:
    info = result.pop("_info")
    print("  checks (each must be 0):")
    for name, value in result.items():
        print(f"    {name:40} {value:>6}{'' if value == 0 else '   <-- NOT 0'}")
    print("  " + "; ".join(f"{k} {v}" for k, v in info.items()))
