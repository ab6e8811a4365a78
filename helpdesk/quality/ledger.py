"""The agent performance ledger, aggregated in SQL: a fixed number of queries for any number of
agents and items. Every figure has one queryset (``figure_items``) that both the totals and the
trace endpoint read, so a figure and its items cannot disagree.

Definitions (docs/quality.md):

* **handled** — items the agent holds (``assignee``) that were resolved or closed in the period
  (``resolved_at``); merged tickets are left out (their work counts on the ticket they joined).
* **points** — per handled item, the coefficient for its kind and category, else for its kind,
  else ``QUALITY_DEFAULT_POINTS``; **above base** — points over ``QUALITY_MONTHLY_BASE`` a month.
* **confirmed** — handled items the customer rated 4 or 5 (the service-record sign-off).
* **praise** — handled items rated 5 with a comment, plus praise a supervisor recorded in the
  period.
* **complaints** — complaints attributed to the agent in the period (``attributed_at``).
* **repeats** — handled items whose customer came back with the same category within
  ``QUALITY_REPEAT_DAYS`` days of the resolution: counted against this (first) handler.
* **reviews**, **review score** — quality reviews of the agent's work made in the period, and
  their average weighted score (0–100; none: null).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import Status, WorkItem

from .models import PointCoefficient, Praise, Review

FIGURES = ("points", "confirmed", "praise", "complaints", "repeats", "reviews")
POINTS = DecimalField(max_digits=12, decimal_places=2)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.datetime
    end: dt.datetime
    months: int


def _local(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def month_period(raw: str | None) -> Period:
    match = re.fullmatch(r"(\d{4})-(\d{2})", raw or "")
    if not match or not 1 <= int(match[2]) <= 12:
        message = _("Give the month as YYYY-MM.")
        raise ServiceError(message, code="invalid", fields={"month": [message]})
    year, month = int(match[1]), int(match[2])
    first = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(raw, _local(first), _local(after), 1)


def quarter_period(raw: str | None) -> Period:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", raw or "")
    if not match:
        message = _("Give the quarter as YYYY-Qn.")
        raise ServiceError(message, code="invalid", fields={"quarter": [message]})
    year, quarter = int(match[1]), int(match[2])
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(raw, _local(first), _local(after), 3)


def _points_expression():
    by_category = PointCoefficient.objects.filter(
        kind=OuterRef("kind"), category_id=OuterRef("category_id")
    ).values("points")[:1]
    by_kind = PointCoefficient.objects.filter(kind=OuterRef("kind"), category__isnull=True).values(
        "points"
    )[:1]
    default = Value(Decimal(str(settings.QUALITY_DEFAULT_POINTS)), output_field=POINTS)
    return Coalesce(
        Subquery(by_category, output_field=POINTS),
        Subquery(by_kind, output_field=POINTS),
        default,
        output_field=POINTS,
    )


def _coefficients():
    """``coefficient(kind, category_id)``: for the kind and category, else for the kind, else
    ``QUALITY_DEFAULT_POINTS`` — ``_points_expression`` in Python (one query)."""
    default = Decimal(str(settings.QUALITY_DEFAULT_POINTS))
    table = {
        (kind, category_id): points
        for kind, category_id, points in PointCoefficient.objects.values_list(
            "kind", "category_id", "points"
        )
    }

    def coefficient(kind: str, category_id: int | None) -> Decimal:
        if category_id is not None and (kind, category_id) in table:
            return table[kind, category_id]
        return table.get((kind, None), default)

    return coefficient


def _repeat_expression():
    window_end = ExpressionWrapper(
        OuterRef("resolved_at") + dt.timedelta(days=settings.QUALITY_REPEAT_DAYS),
        output_field=DateTimeField(),
    )
    later = (
        WorkItem.objects.filter(
            customer_id=OuterRef("customer_id"),
            category_id=OuterRef("category_id"),
            created_at__gt=OuterRef("created_at"),
            created_at__lte=window_end,
        )
        .exclude(pk=OuterRef("pk"))
        .order_by("created_at", "pk")
        .values("pk")[:1]
    )
    return Subquery(later)


def handled(period: Period, agent_id: int | None = None) -> QuerySet[WorkItem]:
    from helpdesk.reports.service import not_merged

    qs = WorkItem.objects.filter(
        assignee__isnull=False,
        status__in=(Status.RESOLVED, Status.CLOSED),
        resolved_at__gte=period.start,
        resolved_at__lt=period.end,
    ).filter(not_merged())  # an anti-join over the merged tickets only (decision 0017)
    if agent_id is not None:
        qs = qs.filter(assignee_id=agent_id)
    return qs


CONFIRMED = Q(rating__score__gte=4)
RATED_PRAISE = Q(rating__score=5) & ~Q(rating__comment="")


def repeats(period: Period, agent_id: int | None = None) -> QuerySet[WorkItem]:
    return (
        handled(period, agent_id)
        .filter(customer__isnull=False, category__isnull=False)
        .annotate(repeated_by=_repeat_expression())
        .filter(repeated_by__isnull=False)
    )


def complaints(period: Period, agent_id: int | None = None):
    from helpdesk.complaints.models import Complaint

    qs = Complaint.objects.filter(
        attributed_agent__isnull=False,
        attributed_at__gte=period.start,
        attributed_at__lt=period.end,
    )
    if agent_id is not None:
        qs = qs.filter(attributed_agent_id=agent_id)
    return qs


def praise(period: Period, agent_id: int | None = None) -> QuerySet[Praise]:
    qs = Praise.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    if agent_id is not None:
        qs = qs.filter(agent_id=agent_id)
    return qs


def reviews(period: Period, agent_id: int | None = None) -> QuerySet[Review]:
    qs = Review.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    if agent_id is not None:
        qs = qs.filter(agent_id=agent_id)
    return qs


def ledger(period: Period, agent_id: int | None = None) -> list[dict]:
    """One row per agent: the coefficients, six aggregate queries and one for the people,
    whatever the volume."""
    rows: dict[int, dict] = {}

    def row(user_id: int) -> dict:
        return rows.setdefault(
            user_id,
            {
                "items": 0,
                "points": Decimal("0"),
                "confirmed": 0,
                "praise": 0,
                "complaints": 0,
                "repeats": 0,
                "reviews": 0,
                "review_score": None,
            },
        )

    # Handled items counted per agent, kind and category in SQL; the points are then each
    # group's count times its coefficient (the same figure as ``_points_expression`` per item,
    # without two sub-plans per handled item: decision 0017).
    coefficient = _coefficients()
    totals = (
        handled(period, agent_id)
        .values("assignee_id", "kind", "category_id")
        .annotate(
            n=Count("id"),
            confirmed=Count("id", filter=CONFIRMED),
            rated_praise=Count("id", filter=RATED_PRAISE),
        )
        .order_by()
    )
    for t in totals:
        r = row(t["assignee_id"])
        r["items"] += t["n"]
        r["points"] += t["n"] * coefficient(t["kind"], t["category_id"])
        r["confirmed"] += t["confirmed"]
        r["praise"] += t["rated_praise"]
    for t in praise(period, agent_id).values("agent_id").annotate(n=Count("id")).order_by():
        row(t["agent_id"])["praise"] += t["n"]
    by_agent = complaints(period, agent_id).values("attributed_agent_id").annotate(n=Count("pk"))
    for t in by_agent.order_by():
        row(t["attributed_agent_id"])["complaints"] = t["n"]
    for t in repeats(period, agent_id).values("assignee_id").annotate(n=Count("id")).order_by():
        row(t["assignee_id"])["repeats"] = t["n"]

    by_agent = reviews(period, agent_id).values("agent_id")
    for t in by_agent.annotate(n=Count("id"), avg=Avg("score")).order_by():
        r = row(t["agent_id"])
        r["reviews"] = t["n"]
        r["review_score"] = Decimal(t["avg"]).quantize(CENT)

    people = get_user_model().objects.all()
    if agent_id is not None:
        people = people.filter(pk=agent_id)
    else:
        people = people.filter(
            Q(pk__in=list(rows)) | Q(is_active=True, roles__role=Role.AGENT)
        ).distinct()
    base = Decimal(settings.QUALITY_MONTHLY_BASE * period.months)
    out = []
    for user in people.order_by("pk"):
        r = row(user.pk)
        points = r["points"].quantize(CENT)
        out.append(
            {
                "agent": user,
                **r,
                "points": points,
                "base": base.quantize(CENT),
                "above_base": max(points - base, Decimal("0")).quantize(CENT),
            }
        )
    return out


def ranking(period: Period) -> list[dict]:
    """The period's ledger, best first: most points, then fewest complaints, most praise, fewest
    repeats, then by person (a stable order)."""
    rows = ledger(period)
    rows.sort(
        key=lambda r: (-r["points"], r["complaints"], -r["praise"], r["repeats"], r["agent"].pk)
    )
    for position, r in enumerate(rows, start=1):
        r["rank"] = position
    return rows


def trace(period: Period, agent_id: int, figure: str) -> list[dict]:
    """The items behind one figure of one agent's ledger (the same querysets as the totals)."""
    if figure == "points":
        qs = handled(period, agent_id).annotate(item_points=_points_expression())
        return [
            _entry(i, points=Decimal(i.item_points).quantize(CENT))
            for i in qs.order_by("resolved_at", "pk")
        ]
    if figure == "confirmed":
        qs = handled(period, agent_id).filter(CONFIRMED).select_related("rating")
        return [
            _entry(i, score=i.rating.score, comment=i.rating.comment)
            for i in qs.order_by("resolved_at", "pk")
        ]
    if figure == "praise":
        qs = handled(period, agent_id).filter(RATED_PRAISE).select_related("rating")
        out = [
            _entry(i, source="rating", score=i.rating.score, comment=i.rating.comment)
            for i in qs.order_by("resolved_at", "pk")
        ]
        manual = praise(period, agent_id).select_related("item").order_by("created_at", "pk")
        return out + [_entry(p.item, source="recorded", comment=p.note) for p in manual]
    if figure == "complaints":
        qs = complaints(period, agent_id).select_related("item").order_by("attributed_at", "pk")
        return [_entry(c.item, source_item=c.source_item_id) for c in qs]
    if figure == "repeats":
        qs = repeats(period, agent_id).order_by("resolved_at", "pk")
        return [_entry(i, repeated_by=i.repeated_by) for i in qs]
    if figure == "reviews":
        qs = reviews(period, agent_id).select_related("item").order_by("created_at", "pk")
        return [
            _entry(r.item, review=r.pk, review_score=r.score, comment=r.comment, source=r.reason)
            for r in qs
        ]
    message = _("Unknown figure.")
    raise ServiceError(message, code="invalid", fields={"figure": [message]})


def _entry(item: WorkItem, **extra) -> dict:
    return {
        "id": item.pk,
        "reference": item.reference,
        "kind": item.kind,
        "subject": item.subject,
        "customer": item.customer_id,
        "category": item.category_id,
        "resolved_at": item.resolved_at,
        **extra,
    }
