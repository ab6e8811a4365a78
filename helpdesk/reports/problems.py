"""The daily problems report: for one local day, per category, what went wrong — volume against
the previous week, SLA breaches, low ratings, complaints opened, reopened items — and the few
worst items to follow up (docs/reports.md). Aggregated in SQL: eight queries whatever the volume.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.queues.models import (
    UNRESOLVED_STATUSES,
    Category,
    EventVerb,
    Status,
    WorkItem,
    WorkItemEvent,
)
from helpdesk.sla.models import SlaClock

from .exports import Column
from .periods import Span
from .service import NONE_KEY, Filters, not_merged

WORST_PER_CATEGORY = 3
WORST_SCAN_LIMIT = 500  # items per reason looked at for the worst list
COUNTS = ("created", "sla_breaches", "low_ratings", "complaints", "reopened")

COLUMNS = [
    Column("label", gettext_lazy("Category"), width=24),
    Column("created", gettext_lazy("Created"), "int"),
    Column("previous_avg", gettext_lazy("Daily average, previous 7 days"), "number"),
    Column("change", gettext_lazy("Change"), "number"),
    Column("change_rate", gettext_lazy("Change (%)"), "percent"),
    Column("sla_breaches", gettext_lazy("SLA breaches"), "int"),
    Column("low_ratings", gettext_lazy("Low ratings"), "int"),
    Column("complaints", gettext_lazy("Complaints opened"), "int"),
    Column("reopened", gettext_lazy("Reopened"), "int"),
    Column("worst_text", gettext_lazy("To follow up"), width=60),
]


def reason_labels() -> dict[str, str]:
    return {
        "sla_breach": _("SLA breached"),
        "low_rating": _("Low rating"),
        "complaint": _("Complaint"),
        "reopened": _("Reopened"),
    }


def _key(value) -> str:
    return NONE_KEY if value is None else str(value)


def daily_problems(day: dt.date) -> dict:
    from helpdesk.complaints.models import Complaint
    from helpdesk.quality.models import Rating

    today = Span(day, day)
    week = Span(day - dt.timedelta(days=7), day - dt.timedelta(days=1))
    start, end = today.start, today.end
    live = Q(not_merged())
    item_live = Filters().q("item__")
    raw: dict[str, dict] = {}

    def add(key, name, value):
        raw.setdefault(_key(key), {})[name] = value

    created = (
        WorkItem.objects.filter(live, created_at__gte=week.start, created_at__lt=end)
        .values("category_id")
        .annotate(
            today=Count("id", filter=Q(created_at__gte=start)),
            week=Count("id", filter=Q(created_at__lt=start)),
        )
        .order_by()
    )
    for row in created:
        add(row["category_id"], "created", row["today"])
        add(row["category_id"], "previous", row["week"])

    breached = SlaClock.objects.filter(item_live, breached_at__gte=start, breached_at__lt=end)
    for row in breached.values("item__category_id").annotate(n=Count("id")).order_by():
        add(row["item__category_id"], "sla_breaches", row["n"])

    low = Rating.objects.filter(
        item_live,
        created_at__gte=start,
        created_at__lt=end,
        score__lt=settings.QUALITY_RATING_TARGET,
    )
    for row in low.values("item__category_id").annotate(n=Count("id")).order_by():
        add(row["item__category_id"], "low_ratings", row["n"])

    # A complaint counts against the category of the item complained about, else its own.
    complaint_category = Coalesce("source_item__category_id", "item__category_id")
    complaints = Complaint.objects.filter(item__created_at__gte=start, item__created_at__lt=end)
    for row in (
        complaints.annotate(cat=complaint_category).values("cat").annotate(n=Count("pk")).order_by()
    ):
        add(row["cat"], "complaints", row["n"])

    reopened = WorkItemEvent.objects.filter(
        verb=EventVerb.STATUS_CHANGED,
        created_at__gte=start,
        created_at__lt=end,
        data__from__in=[Status.RESOLVED, Status.CLOSED],
        data__to__in=list(UNRESOLVED_STATUSES),
    )
    for row in (
        reopened.values("item__category_id").annotate(n=Count("item_id", distinct=True)).order_by()
    ):
        add(row["item__category_id"], "reopened", row["n"])

    worst = _worst(breached, low, complaints, reopened)

    ids = [int(k) for k in raw if k != NONE_KEY]
    names = dict(Category.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = []
    for key, r in raw.items():
        row = {name: int(r.get(name) or 0) for name in COUNTS}
        if not any(row.values()):
            continue  # only last week's volume: nothing to say about the day
        previous_avg = round((r.get("previous") or 0) / 7, 2)
        row["previous_avg"] = previous_avg
        row["change"] = round(row["created"] - previous_avg, 2)
        row["change_rate"] = round(row["change"] / previous_avg, 4) if previous_avg else None
        row["worst"] = worst.get(key, [])
        label = _("No category") if key == NONE_KEY else names.get(int(key), key)
        rows.append({"key": key, "label": label, **row})
    rows.sort(
        key=lambda r: (
            -(r["sla_breaches"] + r["low_ratings"] + r["complaints"] + r["reopened"]),
            -r["created"],
            r["label"].lower(),
        )
    )
    totals = {"key": "total", "label": _("Total"), **{n: sum(r[n] for r in rows) for n in COUNTS}}
    previous_avg = round(sum(v.get("previous") or 0 for v in raw.values()) / 7, 2)
    totals["previous_avg"] = previous_avg
    totals["change"] = round(totals["created"] - previous_avg, 2)
    totals["change_rate"] = round(totals["change"] / previous_avg, 4) if previous_avg else None
    return {
        "date": day,
        "time_zone": timezone.get_current_timezone_name(),
        "rating_target": settings.QUALITY_RATING_TARGET,
        "rows": rows,
        "totals": totals,
    }


def _worst(breached, low, complaints, reopened) -> dict[str, list[dict]]:
    """The items behind the day's problems, most reasons first, a few per category (four
    bounded queries)."""
    found: dict[int, dict] = {}

    def note(item_id, reference_kind, subject, category_id, reason):
        entry = found.setdefault(
            item_id,
            {
                "id": item_id,
                "kind": reference_kind,
                "subject": subject,
                "category": category_id,
                "reasons": [],
            },
        )
        if reason not in entry["reasons"]:
            entry["reasons"].append(reason)

    fields = ("item_id", "item__kind", "item__subject", "item__category_id")
    for row in breached.order_by("breached_at").values_list(*fields)[:WORST_SCAN_LIMIT]:
        note(*row, "sla_breach")
    for row in low.order_by("score", "created_at").values_list(*fields)[:WORST_SCAN_LIMIT]:
        note(*row, "low_rating")
    target = Coalesce("source_item_id", "item_id")
    for row in (
        complaints.annotate(
            target=target,
            target_kind=Coalesce("source_item__kind", "item__kind"),
            target_subject=Coalesce("source_item__subject", "item__subject"),
            target_category=Coalesce("source_item__category_id", "item__category_id"),
        )
        .order_by("item__created_at")
        .values_list("target", "target_kind", "target_subject", "target_category")[
            :WORST_SCAN_LIMIT
        ]
    ):
        note(*row, "complaint")
    for row in reopened.order_by("created_at").values_list(*fields)[:WORST_SCAN_LIMIT]:
        note(*row, "reopened")

    from helpdesk.queues.models import KIND_PREFIX

    labels = reason_labels()
    by_category: dict[str, list[dict]] = {}
    for entry in sorted(found.values(), key=lambda e: (-len(e["reasons"]), e["id"])):
        bucket = by_category.setdefault(_key(entry["category"]), [])
        if len(bucket) >= WORST_PER_CATEGORY:
            continue
        bucket.append(
            {
                "id": entry["id"],
                "reference": f"{KIND_PREFIX.get(entry['kind'], 'W')}-{entry['id']:06d}",
                "subject": entry["subject"],
                "reasons": entry["reasons"],
                "why": ", ".join(labels[r] for r in entry["reasons"]),
            }
        )
    return by_category


def export_rows(report: dict) -> list[dict]:
    return [
        {**row, "worst_text": "; ".join(f"{w['reference']} {w['why']}" for w in row["worst"])}
        for row in report["rows"]
    ]


def default_day() -> dt.date:
    """Today (so far): the evening task sends the day while it can still be acted on."""
    return timezone.localdate()
