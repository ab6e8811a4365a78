"""What complaints teach: trends by root cause, channel, agent and category; repeat complainants;
the daily summary for supervisors. Every figure is aggregated in SQL.

Reports cover every complaint of the department (they are aggregates for the people who hold
``complaint.report``), not only the queues the reader works in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone

from helpdesk.queues.models import UNRESOLVED_STATUSES, Category, Kind, WorkItem
from helpdesk.sla.models import SlaClock

from . import workflow
from .models import Complaint, Remedy, RemedyState, RootCause, Stage

DIMENSIONS = {
    "root_cause": "root_cause",
    "channel": "attributed_channel_id",
    "agent": "attributed_agent_id",
    "category": "item__category_id",
}
BUCKETS = {"day": TruncDay, "week": TruncWeek}
UNDETERMINED = "undetermined"


# --- time ------------------------------------------------------------------------------------------


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants a local day starts and ends (the server's TIME_ZONE)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def today() -> date:
    return timezone.localdate()


def period_starts(since: date, until: date, bucket: str) -> list[date]:
    """Every bucket start from ``since`` to ``until`` (inclusive), weeks starting on Monday."""
    if bucket == "week":
        since = since - timedelta(days=since.weekday())
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    out, current = [], since
    while current <= until:
        out.append(current)
        current += step
    return out


# --- labels ----------------------------------------------------------------------------------------


def _labels(by: str, keys) -> dict:
    keys = [k for k in keys if k not in (None, "")]
    if by == "root_cause":
        names = dict(RootCause.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if by == "channel":
        from orders.models import SupplierChannel

        return dict(SupplierChannel.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "agent":
        users = get_user_model().objects.filter(pk__in=keys)
        return {u.pk: u.name for u in users}
    if by == "category":
        return dict(Category.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {}


# --- trends ----------------------------------------------------------------------------------------


def trends(*, by: str, bucket: str, since: date, until: date) -> dict:
    """Complaints received per day or week, split by root cause, attributed channel, attributed
    agent or category (one aggregate query, plus one for the labels). Zero-filled."""
    field = DIMENSIONS[by]
    start, _end = local_day_bounds(since)
    _start, end = local_day_bounds(until)
    trunc = BUCKETS[bucket]("item__created_at", tzinfo=timezone.get_current_timezone())
    qs = Complaint.objects.filter(item__created_at__gte=start, item__created_at__lt=end)
    if by in ("channel", "agent"):
        qs = qs.filter(**{f"{field}__isnull": False})
    rows = (
        qs.annotate(period=trunc)
        .values("period", field)
        .annotate(n=Count("pk"))
        .order_by("period", field)
    )
    periods = period_starts(since, until, bucket)
    counts: dict = {}
    for row in rows:
        key = row[field]
        if by == "root_cause" and not key:
            key = UNDETERMINED
        period = _as_date(row["period"])
        counts.setdefault(key, {})
        counts[key][period] = counts[key].get(period, 0) + row["n"]
    labels = _labels(by, counts.keys())
    if UNDETERMINED in counts:
        from django.utils.translation import gettext as _

        labels[UNDETERMINED] = _("Not determined yet")
    series = [
        {
            "key": str(key),
            "label": labels.get(key, str(key)),
            "total": sum(per.values()),
            "points": [{"period": p, "count": per.get(p, 0)} for p in periods],
        }
        for key, per in counts.items()
    ]
    series.sort(key=lambda s: (-s["total"], s["label"]))
    return {
        "by": by,
        "bucket": bucket,
        "since": since,
        "until": until,
        "periods": periods,
        "series": series,
    }


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- repeat complainants ------------------------------------------------------------------------


def repeat_complainants(*, days: int, minimum: int, limit: int = 100) -> list[dict]:
    """Customers with at least ``minimum`` complaints received in the last ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        WorkItem.objects.filter(kind=Kind.COMPLAINT, customer__isnull=False, created_at__gte=since)
        .values("customer_id", "customer__name")
        .annotate(
            complaints=Count("pk"),
            open=Count("pk", filter=Q(status__in=UNRESOLVED_STATUSES)),
            last_at=Max("created_at"),
        )
        .filter(complaints__gte=minimum)
        .order_by("-complaints", "-last_at", "customer_id")[:limit]
    )
    return [
        {
            "customer": {"id": r["customer_id"], "name": r["customer__name"]},
            "complaints": r["complaints"],
            "open": r["open"],
            "last_at": r["last_at"],
        }
        for r in rows
    ]


# --- the daily summary ---------------------------------------------------------------------------


def _breached_open():
    now = timezone.now()
    breached = Exists(
        SlaClock.objects.filter(item_id=OuterRef("item_id"), breached_at__isnull=False)
    )
    return (
        Complaint.objects.exclude(stage=Stage.CLOSED)
        .filter(item__status__in=UNRESOLVED_STATUSES)
        .annotate(breached=breached)
        .filter(Q(breached=True) | Q(item__due_at__lte=now))
    )


def _counts_by(qs, field: str) -> dict:
    return {
        k: n
        for k, n in qs.order_by().values_list(field).annotate(n=Count("pk"))
        if k not in (None, "")
    }


def _themes(
    dimension: str, field: str, date_field: str, day_start, day_end, lookback: int
) -> tuple[list, list]:
    """Keys seen in the day that were absent from the ``lookback`` days before (new), and keys
    at least twice their daily average of those days (rising, two or more)."""
    before = day_start - timedelta(days=lookback)
    today_counts = _counts_by(
        Complaint.objects.filter(**{f"{date_field}__gte": day_start, f"{date_field}__lt": day_end}),
        field,
    )
    earlier = _counts_by(
        Complaint.objects.filter(**{f"{date_field}__gte": before, f"{date_field}__lt": day_start}),
        field,
    )
    labels = _labels(dimension, today_counts.keys())
    new, rising = [], []
    for key, n in sorted(today_counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        entry = {
            "dimension": dimension,
            "key": str(key),
            "label": labels.get(key, str(key)),
            "count": n,
        }
        previous = earlier.get(key, 0)
        if previous == 0:
            new.append(entry)
        elif n >= 2 and n >= 2 * previous / lookback:
            rising.append({**entry, "previous_daily_average": round(previous / lookback, 2)})
    return new, rising


def daily_summary(day: date) -> dict:
    """The day's complaints for supervisors: how many came and closed, the top categories, new
    and rising themes (categories, root causes and channels absent from the days before), the
    complaints breaching their SLA now, those waiting for a manager, repeat complainants among
    the day's, and the remedies approved."""
    start, end = local_day_bounds(day)
    lookback = settings.COMPLAINTS_THEME_LOOKBACK_DAYS
    received = Complaint.objects.filter(item__created_at__gte=start, item__created_at__lt=end)
    categories = _counts_by(received, "item__category_id")
    category_labels = _labels("category", categories.keys())
    top_categories = sorted(
        (
            {"key": str(k), "label": category_labels.get(k, str(k)), "count": n}
            for k, n in categories.items()
        ),
        key=lambda c: (-c["count"], c["label"]),
    )[:5]
    new_themes, rising_themes = [], []
    for dimension, field, date_field in (
        ("category", "item__category_id", "item__created_at"),
        ("root_cause", "root_cause", "attributed_at"),
        ("channel", "attributed_channel_id", "attributed_at"),
    ):
        new, rising = _themes(dimension, field, date_field, start, end, lookback)
        new_themes += new
        rising_themes += rising
    breaches = (
        _breached_open()
        .select_related("item", "item__assignee")
        .order_by("item__due_at", "item_id")
    )
    breach_items = [
        {
            "id": c.pk,
            "reference": c.item.reference,
            "subject": c.item.subject,
            "stage": c.stage,
            "severity": c.severity,
            "assignee": c.item.assignee.name if c.item.assignee_id else None,
            "due_at": c.item.due_at,
        }
        for c in breaches[:20]
    ]
    day_customers = received.exclude(item__customer__isnull=True).values("item__customer_id")
    repeaters = [
        r
        for r in repeat_complainants(
            days=settings.COMPLAINTS_REPEAT_WINDOW_DAYS, minimum=settings.COMPLAINTS_REPEAT_MIN
        )
        if r["customer"]["id"] in {row["item__customer_id"] for row in day_customers}
    ]
    approved = Remedy.objects.filter(
        approved_at__gte=start,
        approved_at__lt=end,
        state__in=(RemedyState.APPROVED, RemedyState.EXECUTED, RemedyState.RECORDED),
    ).aggregate(n=Count("pk"), amount=Sum("amount_fen"))
    open_by_stage = _counts_by(Complaint.objects.exclude(stage=Stage.CLOSED), "stage")
    return {
        "day": day,
        "generated_at": timezone.now(),
        "received": received.count(),
        "closed": Complaint.objects.filter(
            stage=Stage.CLOSED, item__closed_at__gte=start, item__closed_at__lt=end
        ).count(),
        "open": sum(open_by_stage.values()),
        "open_by_stage": {s: open_by_stage.get(s, 0) for s in workflow.OPEN_STAGES},
        "awaiting_manager": sum(open_by_stage.get(s, 0) for s in workflow.AWAITING_MANAGER),
        "top_categories": top_categories,
        "new_themes": new_themes,
        "rising_themes": rising_themes,
        "open_breaches": {"count": breaches.count(), "items": breach_items},
        "repeat_complainants": repeaters,
        "remedies_approved": {"count": approved["n"] or 0, "amount_fen": approved["amount"] or 0},
        "theme_lookback_days": lookback,
    }
