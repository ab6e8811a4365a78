"""Reading orders and channel health for the order handlers' panel and reports."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime, timedelta

import phonenumbers
from django.db.models import Q, QuerySet
from django.utils import timezone

from helpdesk.accounts.roles import Role

from . import breaker
from .models import Attempt, ChannelEvent, Order, Outcome, SupplierChannel

HANDLER_ROLES = (Role.MANAGER, Role.ORDER_HANDLER, Role.SUPERVISOR)


def sees_suppliers(user) -> bool:
    """Supplier channels are the order handlers' (and their managers') business; agents and
    customers never see them."""
    return user.has_role(*HANDLER_ROLES)


def orders_search(
    *, q: str = "", status: str = "", customer_id: int | None = None, item_id: int | None = None
) -> QuerySet:
    qs = Order.objects.select_related("product", "customer", "channel")
    q = (q or "").strip()
    if q:
        match = Q(reference__iexact=q)
        try:
            number = phonenumbers.parse(q, "CN")
            if phonenumbers.is_valid_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                match |= Q(account=e164)
        except phonenumbers.NumberParseException:
            pass
        match |= Q(account=q)
        qs = qs.filter(match)
    if status:
        qs = qs.filter(status=status)
    if customer_id:
        qs = qs.filter(customer_id=customer_id)
    if item_id:
        qs = qs.filter(enquiries__item_id=item_id)
    return qs.order_by("-created_at", "-id")


def _percentile(values: list[int], p: float) -> int | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1])


def channel_tiles(minutes: int = 15, spark_minutes: int = 30) -> list[dict]:
    """A tile per channel: success rate, latency p50/p95, in flight, balance and its age,
    breaker state, errors by category, and a per-minute sparkline of successes and failures."""
    now = timezone.now()
    channels = list(SupplierChannel.objects.select_related("forced_by"))
    since = now - timedelta(minutes=max(minutes, spark_minutes))
    rows = Attempt.objects.filter(sent_at__gte=since).values_list(
        "channel_id", "sent_at", "outcome", "category", "latency_ms"
    )
    window_start = now - timedelta(minutes=minutes)
    stats = defaultdict(lambda: {"ok": 0, "failed": 0, "latencies": [], "errors": defaultdict(int)})
    spark: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for channel_id, sent_at, outcome, category, latency in rows:
        bucket = int((now - sent_at).total_seconds() // 60)
        if bucket < spark_minutes:
            spark[channel_id][bucket][0 if outcome == Outcome.SUCCEEDED else 1] += (
                outcome != Outcome.PENDING
            )
        if sent_at < window_start or outcome == Outcome.PENDING:
            continue
        s = stats[channel_id]
        if outcome in (Outcome.SUCCEEDED, Outcome.ACCEPTED):
            s["ok"] += 1
        elif outcome == Outcome.FAILED:
            s["failed"] += 1
        if category and category != "ok":
            s["errors"][category] += 1
        if latency is not None:
            s["latencies"].append(latency)
    in_flight = defaultdict(int)
    for channel_id in Attempt.objects.filter(outcome=Outcome.PENDING).values_list(
        "channel_id", flat=True
    ):
        in_flight[channel_id] += 1
    tiles = []
    for channel in channels:
        s = stats[channel.pk]
        answered = s["ok"] + s["failed"]
        tiles.append(
            {
                "id": channel.pk,
                "name": channel.name,
                "priority": channel.priority,
                "enabled": channel.enabled,
                "breaker": breaker.state_of(channel),
                "forced_reason": channel.forced_reason,
                "forced_by": channel.forced_by.name if channel.forced_by else None,
                "forced_at": channel.forced_at,
                "success_rate": s["ok"] / answered if answered else None,
                "answered": answered,
                "latency_p50_ms": _percentile(sorted(s["latencies"]), 50),
                "latency_p95_ms": _percentile(sorted(s["latencies"]), 95),
                "in_flight": in_flight[channel.pk],
                "balance": channel.balance,
                "balance_read_at": channel.balance_read_at,
                "low_balance": channel.balance is not None
                and channel.balance < channel.low_balance,
                "errors": dict(s["errors"]),
                "sparkline": [
                    {"minute": -m, "ok": spark[channel.pk][m][0], "failed": spark[channel.pk][m][1]}
                    for m in range(spark_minutes - 1, -1, -1)
                ],
            }
        )
    return tiles


def channel_report(first: datetime, last: datetime) -> list[dict]:
    """Per channel over a period: orders sent, succeeded, failed by category, success rate,
    latency p50/p95, incidents (breaker trips and forced states), the balance now."""
    rows = Attempt.objects.filter(sent_at__gte=first, sent_at__lt=last).values_list(
        "channel_id", "outcome", "category", "latency_ms"
    )
    per = defaultdict(
        lambda: {"sent": 0, "ok": 0, "failed": 0, "latencies": [], "errors": defaultdict(int)}
    )
    for channel_id, outcome, category, latency in rows:
        p = per[channel_id]
        p["sent"] += 1
        if outcome in (Outcome.SUCCEEDED, Outcome.ACCEPTED):
            p["ok"] += 1
        elif outcome == Outcome.FAILED:
            p["failed"] += 1
            p["errors"][category] += 1
        if latency is not None:
            p["latencies"].append(latency)
    incidents = defaultdict(int)
    for channel_id in (
        ChannelEvent.objects.filter(created_at__gte=first, created_at__lt=last)
        .filter(Q(to_state="open") | Q(kind="forced"))
        .values_list("channel_id", flat=True)
    ):
        incidents[channel_id] += 1
    report = []
    for channel in SupplierChannel.objects.all():
        p = per[channel.pk]
        answered = p["ok"] + p["failed"]
        report.append(
            {
                "channel": channel.name,
                "sent": p["sent"],
                "succeeded": p["ok"],
                "failed": p["failed"],
                "success_rate": round(p["ok"] / answered, 4) if answered else None,
                "latency_p50_ms": _percentile(sorted(p["latencies"]), 50),
                "latency_p95_ms": _percentile(sorted(p["latencies"]), 95),
                "errors": dict(p["errors"]),
                "incidents": incidents[channel.pk],
                "balance": channel.balance,
            }
        )
    return report
