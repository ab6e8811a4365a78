"""Reads of SLA state, already limited to what the user may see."""

from __future__ import annotations

from helpdesk.queues.selectors import workitem_get_for_user

from . import clocks


def item_sla_for_user(user, item_id: int) -> dict:
    """An item's SLA clocks (each with ``remaining_seconds``: business seconds left, negative
    when overdue, None unless running), automatic escalation runs and escalations. 404 when the
    item is outside the user's queues."""
    item = workitem_get_for_user(user, item_id)
    rows = list(item.sla_clocks.order_by("started_at", "id"))
    schedule = clocks.schedule_for_queue(item.queue_id) if rows else None
    for clock in rows:
        clock.remaining_seconds = clocks.remaining_seconds(clock, schedule=schedule)
    runs = item.escalation_runs.select_related("item", "acknowledged_by").prefetch_related(
        "steps__notified"
    )
    escalations = item.escalations.select_related("item", "raised_by", "to_user", "handled_by")
    return {"clocks": rows, "runs": runs, "escalations": escalations}
