"""The records behind one figure of the service report (docs/reports.md, "Following a figure").

``GET /api/v1/reports/service/items/`` takes the report's own parameters (period, filters, ``by``)
plus the row's ``key`` (or ``total``) and a counted ``figure``, and lists the records that figure
counts: work items for the volumes, the backlog, first responses, offered and abandoned contacts;
SLA clocks for SLA met and breached (an item can have several); ratings for ratings and satisfied.
The list's ``count`` is the figure: the tests compare the two for every row and figure.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import WorkItem
from helpdesk.sla.models import ClockState, SlaClock

from .periods import Span
from .service import (
    ABANDONED,
    KEY_FIELDS,
    NONE_KEY,
    OFFERED,
    SATISFIED_SCORE,
    TIME_DIMENSIONS,
    Filters,
    open_at,
)

TOTAL_KEY = "total"
# The counted figures, and the time each one is bucketed by in a day/week/month report.
ITEM_FIGURES = {
    "created": "created_at",
    "first_response_count": "created_at",
    "offered": "created_at",
    "abandoned": "created_at",
    "resolved": "resolved_at",
    "backlog": None,  # a stock: open at the end of the bucket (or the period)
}
CLOCK_FIGURES = ("sla_met", "sla_breached")
RATING_FIGURES = ("ratings", "satisfied")
TRACE_FIGURES = (*ITEM_FIGURES, *CLOCK_FIGURES, *RATING_FIGURES)


def _bad_key() -> ServiceError:
    message = _("This row is not in the report.")
    return ServiceError(message, code="invalid_key", fields={"key": [message]})


def bucket(period: Span, by: str, key: str) -> Span:
    """The part of ``period`` a day/week/month row covers."""
    try:
        first = dt.date.fromisoformat(f"{key}-01" if by == "month" else key)
    except ValueError:
        raise _bad_key() from None
    if by == "day":
        last = first
    elif by == "week":
        last = first + dt.timedelta(days=6)
    else:
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    first, last = max(first, period.first), min(last, period.last)
    if first > last:
        raise _bad_key()
    return Span(first, last)


def _group_q(by: str, key: str, prefix: str = "") -> Q:
    """The row of a queue/kind/agent/category report."""
    field = f"{prefix}{KEY_FIELDS[by]}"
    if key == NONE_KEY:
        return Q(**{f"{field}__isnull": True})
    if by == "kind":
        return Q(**{field: key})
    if not key.isdigit():
        raise _bad_key()
    return Q(**{field: int(key)})


def records(
    period: Span, *, by: str, key: str, figure: str, filters: Filters
) -> tuple[str, QuerySet]:
    """``(record kind, queryset)``: ``item``, ``clock`` or ``rating`` rows, newest first."""
    if figure not in TRACE_FIGURES:
        message = _("Choose a figure that counts records.")
        raise ServiceError(message, code="invalid_figure", fields={"figure": [message]})
    span, group = period, Q()
    if key != TOTAL_KEY:
        if by in TIME_DIMENSIONS:
            span = bucket(period, by, key)
        else:
            group = _group_q(by, key)

    if figure in ITEM_FIGURES:
        if figure == "backlog":
            # by period, each row is what was open at the end of its bucket; the total's backlog
            # is the last row's, so "total" means the period's end either way
            moment = span.end if key != TOTAL_KEY or by not in TIME_DIMENSIONS else period.end
            qs = open_at(moment, filters).filter(group)
        else:
            field = ITEM_FIGURES[figure]
            qs = WorkItem.objects.filter(
                filters.q(), group, **{f"{field}__gte": span.start, f"{field}__lt": span.end}
            )
            if figure == "first_response_count":
                qs = qs.filter(first_response_at__isnull=False)
            elif figure == "offered":
                qs = qs.filter(OFFERED)
            elif figure == "abandoned":
                qs = qs.filter(ABANDONED)
        qs = qs.select_related("queue", "assignee", "category").order_by("-created_at", "-id")
        return "item", qs

    item_group = Q() if key == TOTAL_KEY or by in TIME_DIMENSIONS else _group_q(by, key, "item__")
    if figure in CLOCK_FIGURES:
        if figure == "sla_met":
            q = Q(
                state=ClockState.MET,
                breached_at__isnull=True,
                stopped_at__gte=span.start,
                stopped_at__lt=span.end,
            )
        else:
            q = Q(breached_at__gte=span.start, breached_at__lt=span.end)
        qs = SlaClock.objects.filter(filters.q("item__"), item_group, q)
        return "clock", qs.select_related(
            "item", "item__queue", "item__assignee", "item__category"
        ).order_by("-started_at", "-id")

    from helpdesk.quality.models import Rating

    qs = Rating.objects.filter(
        filters.q("item__"), item_group, created_at__gte=span.start, created_at__lt=span.end
    )
    if figure == "satisfied":
        qs = qs.filter(score__gte=SATISFIED_SCORE)
    return "rating", qs.select_related(
        "item", "item__queue", "item__assignee", "item__category"
    ).order_by("-created_at", "-id")


def row(kind: str, record) -> dict:
    """One record as the list shows it: the item, and what of the record the figure counted."""
    item = record if kind == "item" else record.item
    out = {"item": item, "clock": None, "rating": None}
    if kind == "clock":
        out["clock"] = {
            "kind": record.kind,
            "state": record.state,
            "due_at": record.due_at,
            "stopped_at": record.stopped_at,
            "breached_at": record.breached_at,
        }
    elif kind == "rating":
        out["rating"] = {
            "score": record.score,
            "comment": record.comment,
            "created_at": record.created_at,
        }
    return out
