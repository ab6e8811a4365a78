"""Getting an order fulfilled: choose a channel, send, resolve what is unknown, retry, give up.

One step at a time (:func:`step`), each idempotent and safe to run from any worker, any number of
times: the order's row lock decides, the supplier is called outside any transaction, the answer
is applied under the lock again. The rule that no order is sent twice:

- an attempt row is committed **before** the request goes out, as ``pending``;
- each attempt carries its own supplier reference (the order's and the attempt's number), so a
  supplier that dedupes by reference also refuses a repeat of the same attempt;
- an order with an attempt whose result is not known (pending, accepted, unknown) is never sent
  anywhere: that attempt is **queried** by its reference first (a database constraint allows
  one such attempt per order);
- ``not_found`` from a query is trusted only once the request is old enough that the supplier
  would have recorded it (``ORDERS_NOT_FOUND_GRACE_SECONDS``).

A worker killed at any point leaves the order with a ``next_action_at`` in the past or near
future; the sweep (beat) steps it again, which queries before anything else.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from helpdesk.common.queueing import enqueue
from helpdesk.realtime.groups import orders_panel_group
from helpdesk.realtime.publish import publish_on_commit

from . import breaker, metrics
from .adapters import Answer, QueryAnswer, adapter_for
from .models import (
    OPEN_ORDER_STATUSES,
    UNRESOLVED_OUTCOMES,
    Attempt,
    Category,
    ChannelEvent,
    ForcedState,
    Order,
    OrderEvent,
    OrderStatus,
    Outcome,
    Refund,
    SupplierChannel,
)

logger = logging.getLogger(__name__)
_random = random.Random()

PANEL_GROUP = orders_panel_group()
# Failures that say nothing about the channel's health.
NEUTRAL = {Category.CUSTOMER, Category.PRODUCT, Category.BALANCE, Category.UNKNOWN}
# Failures after which this order does not go back to the same channel.
AVOID_CHANNEL = {Category.PRODUCT, Category.BALANCE, Category.SUPPLIER, Category.TRANSPORT}


def _now():
    return timezone.now()


def event(order: Order, verb: str, actor=None, reason: str = "", **data) -> OrderEvent:
    return OrderEvent.objects.create(order=order, verb=verb, actor=actor, reason=reason, data=data)


def announce(order: Order) -> None:
    """Ring the order handlers' consoles (the panel and the order's page) after commit."""
    publish_on_commit(
        [PANEL_GROUP],
        "orders.order",
        {
            "id": order.pk,
            "reference": order.reference,
            "status": order.status,
            "channel": order.channel_id,
        },
    )


def note_transition(change: breaker.Transition | None, actor=None, reason: str = "") -> None:
    if change is None:
        return
    with transaction.atomic():
        ChannelEvent.objects.create(
            channel_id=change.channel_id,
            kind="breaker",
            from_state=change.from_state,
            to_state=change.to_state,
            reason=reason or change.reason,
            actor=actor,
            data={"wait_seconds": change.wait_seconds} if change.wait_seconds else {},
        )
        publish_on_commit(
            [PANEL_GROUP],
            "orders.channel",
            {"id": change.channel_id, "state": change.to_state, "reason": change.reason},
        )


# --- choosing a channel --------------------------------------------------------------------------


def candidates(order: Order, only: int | None = None) -> list[SupplierChannel]:
    """Channels that could take this order now, best first: enabled and not forced open,
    offering the product, with enough balance (when known), not already failed for this order
    in this round in a way that would repeat; ordered by :func:`rank`. ``only``: just that
    channel (an order handler's choice, which overrides what this order failed on before)."""
    channels = SupplierChannel.objects.filter(enabled=True, products=order.product_id).exclude(
        forced_state=ForcedState.OPEN
    )
    if only is not None:
        channels = channels.filter(pk=only)
    else:
        channels = channels.exclude(pk__in=_avoided(order))
    usable = [c for c in channels if c.balance is None or c.balance >= order.amount]
    return rank(usable, breaker.health(usable))


def rank(channels: list[SupplierChannel], rates: dict[int, float]) -> list[SupplierChannel]:
    """Priority first; among channels of the same priority, a draw weighted by health (success
    rate over the breaker's window), so the healthier takes more of the traffic and a degrading
    one still takes its falling share until its breaker decides.

    Health does not demote a channel below a lower priority: one failure would otherwise send
    all traffic away, the failing channel's window would stop filling and its breaker would
    never open, leaving a broken channel looking closed. Channels the breaker has opened are
    skipped by :func:`breaker.allow`; failures in between are absorbed by failover to the next
    channel (decision 0013)."""
    ordered: list[SupplierChannel] = []
    for priority in sorted({c.priority for c in channels}):
        tier = sorted((c for c in channels if c.priority == priority), key=lambda c: c.pk)
        while tier:
            weights = [max(rates.get(c.pk, 1.0), 0.01) for c in tier]
            pick = _random.choices(range(len(tier)), weights=weights)[0]
            ordered.append(tier.pop(pick))
    return ordered


def _avoided(order: Order):
    """Channels this order failed on in this round for a reason that would repeat."""
    return order.attempts.filter(
        category__in=[c.value for c in AVOID_CHANNEL], sent_at__gte=order.round_started_at
    ).values("channel_id")


def _every_channel_failed(order: Order) -> bool:
    """Every channel that could take the order (ignoring breakers and balances) has failed it
    in this round: nothing is left to wait for."""
    eligible = set(
        SupplierChannel.objects.filter(enabled=True, products=order.product_id)
        .exclude(forced_state=ForcedState.OPEN)
        .values_list("pk", flat=True)
    )
    avoided = {row["channel_id"] for row in _avoided(order)}
    return bool(avoided) and eligible <= avoided


# --- one step ------------------------------------------------------------------------------------


@dataclass
class Plan:
    kind: str  # "submit" or "query"
    attempt: Attempt
    permit: breaker.Permit | None = None


def step(order_id: int, only_channel: int | None = None) -> str:
    """Move the order on by one step (``only_channel``: an order handler's retry on a chosen
    channel). Returns what was done (for logs and tests)."""
    plan = _decide(order_id, only_channel)
    if isinstance(plan, str):
        return plan
    channel = plan.attempt.channel
    adapter = adapter_for(channel)
    if plan.kind == "query":
        answer = adapter.query(plan.attempt.reference)
        metrics.record_call(
            channel.pk, answer.status, answer.category, answer.latency_ms, call="query"
        )
        return _apply_query(plan.attempt.pk, answer)
    order = plan.attempt.order
    answer = adapter.submit(
        reference=plan.attempt.reference,
        product_code=order.product.code,
        account=supplier_account(order),
        amount=order.amount,
        callback_url=callback_url(channel),
    )
    metrics.record_call(channel.pk, answer.outcome, answer.category, answer.latency_ms)
    return _apply_answer(plan.attempt.pk, plan.permit, answer)


def supplier_account(order: Order) -> str:
    """What the supplier is sent: the national number for phones, the account for games."""
    return order.account[3:] if order.account.startswith("+86") else order.account


def callback_url(channel: SupplierChannel) -> str | None:
    base = settings.ORDERS_CALLBACK_BASE_URL
    return f"{base.rstrip('/')}/api/v1/orders/callbacks/{channel.pk}/" if base else None


@transaction.atomic
def _decide(order_id: int, only_channel: int | None = None):
    order = Order.objects.select_for_update().select_related("product").filter(pk=order_id).first()
    if order is None or order.status not in OPEN_ORDER_STATUSES:
        return "nothing"
    now = _now()
    if order.next_action_at and order.next_action_at > now:
        return "not_yet"
    pending = (
        order.attempts.select_related("channel").filter(outcome__in=UNRESOLVED_OUTCOMES).first()
    )
    if pending is not None:
        # Whatever happened, the last attempt's fate is asked first: never a second send.
        order.next_action_at = now + timedelta(
            seconds=pending.channel.timeout_seconds + settings.ORDERS_RESUME_AFTER_SECONDS
        )
        order.save(update_fields=["next_action_at", "updated_at"])
        pending.order = order
        return Plan("query", pending)
    if now - order.round_started_at > timedelta(minutes=settings.ORDERS_STUCK_MINUTES):
        _needs_review(order, "stuck")
        return "needs_review"
    if order.attempts_made >= settings.ORDERS_MAX_ATTEMPTS:
        _fail(order, order.fail_category or Category.SUPPLIER, "attempts_exhausted")
        return "failed"
    chosen = None
    for channel in candidates(order, only=only_channel):
        permit, change = breaker.allow(channel)
        transaction.on_commit(lambda c=change: note_transition(c))
        if permit is not None:
            chosen = (channel, permit)
            break
    if chosen is None and only_channel is None and _every_channel_failed(order):
        _fail(order, order.fail_category or Category.SUPPLIER, "channels_exhausted")
        return "failed"
    if chosen is None:
        # No channel can take it now: wait and try again (a breaker may close, a balance refill).
        delay = settings.ORDERS_RETRY_SECONDS * (2 ** min(order.attempts_made, 5))
        order.status = OrderStatus.DISPATCHING
        order.next_action_at = now + timedelta(seconds=delay)
        order.save(update_fields=["status", "next_action_at", "updated_at"])
        event(order, "no_channel", retry_in=delay)
        announce(order)
        return "waiting"
    channel, permit = chosen
    order.attempts_made += 1
    number = (order.attempts.aggregate(last=Max("number"))["last"] or 0) + 1
    attempt = Attempt.objects.create(
        order=order,
        channel=channel,
        number=number,
        reference=f"{order.reference}-{number}",
        sent_at=now,
    )
    order.status = OrderStatus.DISPATCHING
    order.channel = channel
    # If this worker dies while the request is out, the sweep picks the order up after this.
    order.next_action_at = now + timedelta(
        seconds=channel.timeout_seconds + settings.ORDERS_RESUME_AFTER_SECONDS
    )
    order.save()
    event(order, "sent", channel=channel.pk, attempt=attempt.number, probe=permit.probe)
    announce(order)
    attempt.order = order
    attempt.channel = channel
    return Plan("submit", attempt, permit)


def _lock_attempt(attempt_id: int) -> tuple[Order, Attempt]:
    attempt = Attempt.objects.select_related("channel").get(pk=attempt_id)
    order = Order.objects.select_for_update().get(pk=attempt.order_id)
    attempt.refresh_from_db()
    return order, attempt


@transaction.atomic
def _apply_answer(attempt_id: int, permit: breaker.Permit, answer: Answer) -> str:
    order, attempt = _lock_attempt(attempt_id)
    channel = attempt.channel
    slow = answer.latency_ms >= channel.slow_call_seconds * 1000
    counts = answer.category not in NEUTRAL
    ok = answer.outcome in (Outcome.SUCCEEDED, Outcome.ACCEPTED)
    if answer.outcome == Outcome.UNKNOWN and answer.category == Category.UNKNOWN:
        counts = False  # the supplier said "not yet": not a fault
    change = breaker.record(channel, permit, ok=ok, slow=slow, counts=counts)
    transaction.on_commit(lambda: note_transition(change))
    if attempt.outcome != Outcome.PENDING:
        return "already_resolved"  # a callback was faster than the answer
    attempt.answered_at = _now()
    attempt.latency_ms = answer.latency_ms
    attempt.supplier_code = answer.code
    attempt.supplier_message = answer.message
    attempt.supplier_order_id = answer.supplier_order_id
    attempt.outcome = answer.outcome
    attempt.category = answer.category
    if answer.outcome in (Outcome.SUCCEEDED, Outcome.FAILED):
        attempt.resolved_by, attempt.resolved_at = "answer", attempt.answered_at
    attempt.save()
    event(
        order,
        "answered",
        attempt=attempt.number,
        outcome=answer.outcome,
        category=answer.category,
        code=answer.code,
        latency_ms=answer.latency_ms,
    )
    return _after_result(order, attempt)


def _after_result(order: Order, attempt: Attempt) -> str:
    now = _now()
    if attempt.outcome == Outcome.SUCCEEDED:
        order.status = OrderStatus.SUCCEEDED
        order.finished_at = now
        order.next_action_at = None
        order.fail_category = ""
        order.save()
        announce(order)
        return "succeeded"
    if attempt.outcome in (Outcome.ACCEPTED, Outcome.UNKNOWN):
        order.status = OrderStatus.AWAITING_SUPPLIER
        order.next_action_at = now + timedelta(seconds=query_delay(order, attempt))
        order.save()
        announce(order)
        return "awaiting"
    # Failed.
    order.fail_category = attempt.category
    if attempt.category == Category.CUSTOMER:
        _fail(order, Category.CUSTOMER, "customer_error")
        return "failed"
    order.status = OrderStatus.DISPATCHING
    order.next_action_at = now  # the next channel at once
    order.save()
    announce(order)
    transaction.on_commit(lambda: _kick(order.pk))
    return "retry"


def query_delay(order: Order, attempt: Attempt) -> float:
    """Seconds until we ask the supplier again: 5, 15, 30, 60, 120, then every 300."""
    asked = order.events.filter(verb="queried", data__attempt=attempt.number).count()
    return [5, 15, 30, 60, 120, 300][min(asked, 5)]


@transaction.atomic
def _apply_query(attempt_id: int, answer: QueryAnswer) -> str:
    order, attempt = _lock_attempt(attempt_id)
    event(order, "queried", attempt=attempt.number, status=answer.status, code=answer.code)
    if attempt.outcome not in UNRESOLVED_OUTCOMES or order.status not in OPEN_ORDER_STATUSES:
        return "already_resolved"
    now = _now()
    if answer.status == "success":
        attempt.outcome, attempt.category = Outcome.SUCCEEDED, Category.OK
    elif answer.status == "failed":
        attempt.outcome, attempt.category = Outcome.FAILED, answer.category or Category.SUPPLIER
    elif answer.status == "not_found" and (now - attempt.sent_at).total_seconds() >= (
        settings.ORDERS_NOT_FOUND_GRACE_SECONDS
    ):
        # The supplier never got it (e.g. the worker died before sending): safe to go on.
        attempt.outcome, attempt.category = Outcome.FAILED, Category.TRANSPORT
    else:  # processing, unknown, or not_found too soon to trust
        if now - attempt.sent_at > timedelta(minutes=settings.ORDERS_STUCK_MINUTES):
            _needs_review(order, "unresolved")
            return "needs_review"
        order.status = OrderStatus.AWAITING_SUPPLIER
        order.next_action_at = now + timedelta(seconds=query_delay(order, attempt))
        order.save()
        return "awaiting"
    attempt.supplier_order_id = attempt.supplier_order_id or answer.supplier_order_id
    attempt.supplier_code = attempt.supplier_code or answer.code
    attempt.resolved_by, attempt.resolved_at = "query", now
    attempt.save()
    return _after_result(order, attempt)


def apply_callback(attempt: Attempt, status: str, fail_code: str, supplier_order_id: str) -> str:
    """A verified callback for an attempt (the caller holds the order's lock)."""
    from .adapters import FAIL_CODES

    order = attempt.order
    event(order, "callback", attempt=attempt.number, status=status, code=fail_code)
    if attempt.outcome not in UNRESOLVED_OUTCOMES:
        return "already_resolved"
    now = _now()
    attempt.outcome = Outcome.SUCCEEDED if status == "success" else Outcome.FAILED
    attempt.category = (
        Category.OK if status == "success" else FAIL_CODES.get(fail_code, Category.SUPPLIER)
    )
    attempt.supplier_order_id = attempt.supplier_order_id or supplier_order_id
    attempt.resolved_by, attempt.resolved_at = "callback", now
    attempt.answered_at = attempt.answered_at or now
    attempt.save()
    if order.status not in OPEN_ORDER_STATUSES:
        return "already_final"
    return _after_result(order, attempt)


def _kick(order_id: int) -> None:
    from .tasks import dispatch_order

    enqueue(dispatch_order, order_id)  # not queued: the orders sweep dispatches it (next action)


# --- endings -------------------------------------------------------------------------------------


def _fail(order: Order, category: str, why: str) -> None:
    order.status = OrderStatus.FAILED
    order.fail_category = category
    order.finished_at = _now()
    order.next_action_at = None
    order.save()
    event(order, "failed", category=category, why=why)
    announce(order)
    # A customer error has nothing left to try: the money goes back at once. Other failures wait
    # for an order handler (retry on a recovered channel, or refund), unless set otherwise.
    if category == Category.CUSTOMER or settings.ORDERS_AUTO_REFUND:
        refund(order, reason=why, actor=None)


def refund(order: Order, *, reason: str, actor) -> Refund:
    """Give the customer their money back for a failed order (the caller holds the lock)."""
    record = Refund.objects.create(
        order=order, amount=order.price, reason=reason, refunded_by=actor
    )
    order.status = OrderStatus.REFUNDED
    order.save(update_fields=["status", "updated_at"])
    event(order, "refunded", actor=actor, reason=reason, amount=order.price)
    announce(order)
    return record


def _needs_review(order: Order, why: str) -> None:
    order.status = OrderStatus.NEEDS_REVIEW
    order.next_action_at = None
    order.save()
    event(order, "needs_review", why=why)
    announce(order)


# --- the sweep -----------------------------------------------------------------------------------


def due_orders(limit: int = 500) -> list[int]:
    return list(
        Order.objects.filter(status__in=OPEN_ORDER_STATUSES, next_action_at__lte=_now())
        .order_by("next_action_at")
        .values_list("pk", flat=True)[:limit]
    )


def force_state(*, actor, channel: SupplierChannel, state: str, reason: str) -> SupplierChannel:
    """An order handler forces a channel open (no traffic) or closed (all traffic), or hands it
    back to its breaker (``state=""``); always with a reason, always audited."""
    with transaction.atomic():
        channel = SupplierChannel.objects.select_for_update().get(pk=channel.pk)
        before = channel.forced_state
        channel.forced_state = state
        channel.forced_reason = reason
        channel.forced_by = actor if state else None
        channel.forced_at = _now() if state else None
        channel.save()
        if not state:
            breaker.reset(channel.pk)  # back to automatic, from a clean window
        ChannelEvent.objects.create(
            channel=channel,
            kind="forced" if state else "released",
            from_state=before,
            to_state=state,
            reason=reason,
            actor=actor,
        )
        publish_on_commit(
            [PANEL_GROUP], "orders.channel", {"id": channel.pk, "forced": state, "reason": reason}
        )
    return channel
