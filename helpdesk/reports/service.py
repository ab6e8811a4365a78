"""The service report: volumes, response and resolution times, handle time, SLA attainment,
abandonment, backlog and satisfaction by queue, kind, agent, category or period (docs/reports.md
defines every figure).

Aggregated in SQL: one grouped query per family of figures (items created, items resolved, the
backlog, SLA clocks, ratings), one ungrouped query each for the totals' percentiles, and one for
the labels — 6 to 8 queries whatever the volume.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.hotline.models import UNANSWERED_STATES, Direction
from helpdesk.queues.models import Category, Kind, Queue, Status, WorkItem
from helpdesk.sla.models import ClockState, SlaClock

from .aggregates import Percentile, Seconds
from .exports import Column
from .periods import Span, as_local_date

DIMENSIONS = ("queue", "kind", "agent", "category", "day", "week", "month")
TIME_DIMENSIONS = ("day", "week", "month")
NONE_KEY = "none"
SATISFIED_SCORE = 4  # ratings of 4 or 5 (as the ledger's "confirmed")
DONE = (Status.RESOLVED, Status.CLOSED)

COUNTS = (
    "created",
    "resolved",
    "backlog",
    "first_response_count",
    "sla_met",
    "sla_breached",
    "offered",
    "abandoned",
    "ratings",
    "satisfied",
)
FIGURES = (
    "created",
    "resolved",
    "backlog",
    "first_response_count",
    "first_response_median",
    "first_response_p90",
    "resolution_median",
    "resolution_p90",
    "handle_avg",
    "sla_met",
    "sla_breached",
    "sla_attainment",
    "offered",
    "abandoned",
    "abandonment_rate",
    "ratings",
    "rating_avg",
    "satisfied",
    "satisfaction_rate",
)
KEY_FIELDS = {
    "queue": "queue_id",
    "kind": "kind",
    "agent": "assignee_id",
    "category": "category_id",
}
TRUNCS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}

COLUMNS = [
    Column("label", gettext_lazy("Group"), width=24),
    Column("created", gettext_lazy("Created"), "int"),
    Column("resolved", gettext_lazy("Resolved"), "int"),
    Column("backlog", gettext_lazy("Backlog at the end"), "int"),
    Column("first_response_count", gettext_lazy("First responses"), "int"),
    Column("first_response_median", gettext_lazy("First response median (s)"), "seconds"),
    Column("first_response_p90", gettext_lazy("First response p90 (s)"), "seconds"),
    Column("resolution_median", gettext_lazy("Resolution median (s)"), "seconds"),
    Column("resolution_p90", gettext_lazy("Resolution p90 (s)"), "seconds"),
    Column("handle_avg", gettext_lazy("Average handle time (s)"), "seconds"),
    Column("sla_met", gettext_lazy("SLA met"), "int"),
    Column("sla_breached", gettext_lazy("SLA breached"), "int"),
    Column("sla_attainment", gettext_lazy("SLA attainment"), "percent"),
    Column("offered", gettext_lazy("Chats and calls offered"), "int"),
    Column("abandoned", gettext_lazy("Abandoned"), "int"),
    Column("abandonment_rate", gettext_lazy("Abandonment rate"), "percent"),
    Column("ratings", gettext_lazy("Ratings"), "int"),
    Column("rating_avg", gettext_lazy("Average rating"), "number"),
    Column("satisfied", gettext_lazy("Satisfied (4–5)"), "int"),
    Column("satisfaction_rate", gettext_lazy("Satisfaction rate"), "percent"),
]


@dataclass(frozen=True)
class Filters:
    queues: tuple[int, ...] = ()
    kind: str | None = None
    agent: int | None = None

    def q(self, prefix: str = "") -> Q:
        """The filters (and the merged-ticket exclusion) on items reached through ``prefix``."""
        q = Q(not_merged(f"{prefix[:-2]}_id" if prefix else "pk"))
        if self.queues:
            q &= Q(**{f"{prefix}queue_id__in": self.queues})
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        if self.agent is not None:
            q &= Q(**{f"{prefix}assignee_id": self.agent})
        return q


# --- expressions -------------------------------------------------------------------------------


def not_merged(item_ref: str = "pk"):
    """``NOT EXISTS`` a merged ticket for the item ``item_ref`` (an outer column: ``pk`` on work
    items, ``item_id`` on rows that point to one): a hash anti-join against the few merged
    tickets (read through the index on ``merged_into``) instead of a LEFT JOIN over every ticket;
    on rows pointing to an item it needs no join to the item at all (decision 0017)."""
    from helpdesk.tickets.models import Ticket

    return ~Exists(Ticket.objects.filter(item_id=OuterRef(item_ref), merged_into__isnull=False))


OFFERED = Q(kind=Kind.CHAT) | Q(kind=Kind.CALL, call__direction=Direction.INBOUND)
ABANDONED = Q(kind=Kind.CHAT, first_response_at__isnull=True, status__in=DONE) | Q(
    kind=Kind.CALL, call__direction=Direction.INBOUND, call__state__in=UNANSWERED_STATES
)


def first_response_seconds():
    return Seconds(F("first_response_at"), F("created_at"))


def resolution_seconds():
    return Seconds(F("resolved_at"), F("created_at"))


def handle_seconds():
    """Calls: the talk time; every other kind: assigned → resolved (items never assigned, or
    assigned after their resolution, have none)."""
    return Case(
        When(kind=Kind.CALL, then=Cast(F("call__talk_seconds"), FloatField())),
        When(
            assigned_at__isnull=False,
            assigned_at__lte=F("resolved_at"),
            then=Seconds(F("resolved_at"), F("assigned_at")),
        ),
        default=Value(None, output_field=FloatField()),
        output_field=FloatField(),
    )


def _key_expression(by: str, prefix: str, time_field: str):
    if by in TIME_DIMENSIONS:
        return TRUNCS[by](time_field, tzinfo=timezone.get_current_timezone())
    return F(f"{prefix}{KEY_FIELDS[by]}")


def _key(by: str, raw) -> str:
    if raw is None or raw == "":
        return NONE_KEY
    if by in TIME_DIMENSIONS:
        day = as_local_date(raw)
        return day.strftime("%Y-%m") if by == "month" else day.isoformat()
    return str(raw)


# --- the queries -------------------------------------------------------------------------------


def within(field: str, period) -> Q:
    """``field`` inside ``period``: a :class:`Span`, or a non-empty tuple of spans (the days a
    roll-up does not cover, read live: decision 0022)."""
    spans = period if isinstance(period, tuple) else (period,)
    if not spans:
        raise ValueError("no span")
    q = Q()
    for s in spans:
        q |= Q(**{f"{field}__gte": s.start, f"{field}__lt": s.end})
    return q


def _created(period: Span, filters: Filters, by: str | None):
    qs = WorkItem.objects.filter(filters.q(), within("created_at", period))
    figures = {
        "created": Count("id"),
        "first_response_count": Count("id", filter=Q(first_response_at__isnull=False)),
        "first_response_median": Percentile(first_response_seconds(), 0.5),
        "first_response_p90": Percentile(first_response_seconds(), 0.9),
        "offered": Count("id", filter=OFFERED),
        "abandoned": Count("id", filter=ABANDONED),
    }
    if by is None:
        return [qs.aggregate(**figures)]
    return list(
        qs.annotate(k=_key_expression(by, "", "created_at"))
        .values("k")
        .annotate(**figures)
        .order_by()
    )


def _resolved(period: Span, filters: Filters, by: str | None):
    qs = WorkItem.objects.filter(filters.q(), within("resolved_at", period))
    figures = {
        "resolved": Count("id"),
        "resolution_median": Percentile(resolution_seconds(), 0.5),
        "resolution_p90": Percentile(resolution_seconds(), 0.9),
        "handle_sum": Sum(handle_seconds()),
        "handle_n": Count(handle_seconds()),
    }
    if by is None:
        return [qs.aggregate(**figures)]
    return list(
        qs.annotate(k=_key_expression(by, "", "resolved_at"))
        .values("k")
        .annotate(**figures)
        .order_by()
    )


def open_at(moment: dt.datetime, filters: Filters):
    """Items created before ``moment`` and not resolved by then."""
    return WorkItem.objects.filter(filters.q(), created_at__lt=moment).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment)
    )


def _backlog(period: Span, filters: Filters, by: str):
    if by in TIME_DIMENSIONS:  # the open items at the start; the rest follows from the flows
        return open_at(period.start, filters).count()
    return list(
        open_at(period.end, filters)
        .annotate(k=F(KEY_FIELDS[by]))
        .values("k")
        .annotate(backlog=Count("id"))
        .order_by()
    )


def backlog_groups(period: Span, filters: Filters | None = None) -> list[dict]:
    """The items open at the end of ``period`` counted per queue, kind, agent and category (one
    query): a caller building several groupings of one period (the monthly report) passes it as
    ``backlog=`` instead of one backlog query per grouping."""
    fields = list(KEY_FIELDS.values())
    return list(
        open_at(period.end, filters or Filters())
        .values(*fields)
        .annotate(backlog=Count("id"))
        .order_by()
    )


def _sla(period: Span, filters: Filters, by: str | None):
    met = Q(state=ClockState.MET, breached_at__isnull=True) & within("stopped_at", period)
    breached = within("breached_at", period)
    qs = SlaClock.objects.filter(filters.q("item__")).filter(met | breached)
    figures = {
        "sla_met": Count("id", filter=Q(breached_at__isnull=True)),
        "sla_breached": Count("id", filter=Q(breached_at__isnull=False)),
    }
    if by is None:
        return [qs.aggregate(**figures)]
    at = Case(When(breached_at__isnull=False, then=F("breached_at")), default=F("stopped_at"))
    return list(
        qs.annotate(at=at, k=_key_expression(by, "item__", "at"))
        .values("k")
        .annotate(**figures)
        .order_by()
    )


def _ratings(period: Span, filters: Filters, by: str | None):
    from helpdesk.quality.models import Rating

    qs = Rating.objects.filter(filters.q("item__"), within("created_at", period))
    figures = {
        "ratings": Count("id"),
        "score_sum": Sum("score"),
        "satisfied": Count("id", filter=Q(score__gte=SATISFIED_SCORE)),
    }
    if by is None:
        return [qs.aggregate(**figures)]
    return list(
        qs.annotate(k=_key_expression(by, "item__", "created_at"))
        .values("k")
        .annotate(**figures)
        .order_by()
    )


# --- labels and buckets ------------------------------------------------------------------------


def bucket_keys(period: Span, by: str) -> list[str]:
    out, day = [], period.first
    if by == "week":
        day -= dt.timedelta(days=day.weekday())
    elif by == "month":
        day = day.replace(day=1)
    while day <= period.last:
        out.append(_key(by, day))
        if by == "day":
            day += dt.timedelta(days=1)
        elif by == "week":
            day += dt.timedelta(days=7)
        else:
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def none_label(by: str) -> str:
    if by == "agent":
        return _("Unassigned")
    if by == "category":
        return _("No category")
    return _("None")


def labels(by: str, keys) -> dict[str, str]:
    ids = [int(k) for k in keys if k != NONE_KEY and by in ("queue", "agent", "category")]
    out: dict[str, str] = {NONE_KEY: none_label(by)}
    if by == "queue":
        out.update(
            {
                str(pk): name
                for pk, name in Queue.objects.filter(pk__in=ids).values_list("pk", "name")
            }
        )
    elif by == "agent":
        out.update({str(u.pk): str(u) for u in get_user_model().objects.filter(pk__in=ids)})
    elif by == "category":
        out.update(
            {
                str(pk): name
                for pk, name in Category.objects.filter(pk__in=ids).values_list("pk", "name")
            }
        )
    elif by == "kind":
        out.update({value: str(label) for value, label in Kind.choices})
    else:
        out.update({k: k for k in keys if k != NONE_KEY})
    return out


# --- figures -----------------------------------------------------------------------------------


def _seconds(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def finish(raw: dict) -> dict:
    """Every figure from a row's raw sums."""
    out = {name: int(raw.get(name) or 0) for name in COUNTS}
    for name in (
        "first_response_median",
        "first_response_p90",
        "resolution_median",
        "resolution_p90",
    ):
        out[name] = _seconds(raw.get(name))
    handle_n = raw.get("handle_n") or 0
    out["handle_avg"] = _seconds(raw["handle_sum"] / handle_n) if handle_n else None
    out["sla_attainment"] = _rate(out["sla_met"], out["sla_met"] + out["sla_breached"])
    out["abandonment_rate"] = _rate(out["abandoned"], out["offered"])
    out["rating_avg"] = round(raw["score_sum"] / out["ratings"], 2) if out["ratings"] else None
    out["satisfaction_rate"] = _rate(out["satisfied"], out["ratings"])
    return {name: out[name] for name in FIGURES}


def _merge(into: dict, key: str, row: dict, names) -> None:
    target = into.setdefault(key, {})
    for name in names:
        value = row.get(name)
        if name in ("handle_sum", "score_sum", "handle_n") or name in COUNTS:
            target[name] = (target.get(name) or 0) + (value or 0)
        else:
            target[name] = value


UNSET = object()


def _plan(period: Span, live: bool):
    """The roll-up plan of ``period`` (``None``: read everything live; decision 0022)."""
    if live:
        return None
    from . import rollups

    return rollups.plan(period)


def ungrouped(
    period: Span,
    filters: Filters | None = None,
    *,
    live: bool = False,
    plan=UNSET,
    bys: tuple[str, ...] = (),
) -> dict:
    """The period's ungrouped created and resolved figures (two queries): the totals'
    percentiles, which do not add up from the groups. The same for every grouping of one period
    and filters, so a caller building several groupings (the monthly report) reads them once.

    With roll-ups for some of the period's days (``live=False``, decision 0022): every raw figure
    (SLA and ratings too) from the roll-ups plus the other days read live, percentiles pooled:
    3 queries when every day is rolled up, 7 otherwise; ``bys``: the groupings the caller will
    build with this ``shared`` (their percentiles read in the same query on PostgreSQL)."""
    filters = filters or Filters()
    if plan is UNSET:  # not given: one query (``service_report`` passes its own)
        plan = _plan(period, live)
    if plan is not None:
        from . import rollups

        return rollups.ungrouped(plan, filters, bys)
    return {**_created(period, filters, None)[0], **_resolved(period, filters, None)[0]}


def service_totals(
    period: Span,
    filters: Filters | None = None,
    *,
    shared: dict | None = None,
    live: bool = False,
) -> dict:
    """The totals row alone, equal to ``service_report(period, by=…)["totals"]`` for any grouping
    that is not a period (the rows' sums are the ungrouped counts): five queries (three with
    ``shared``, the result of :func:`ungrouped`); from roll-ups, ``ungrouped`` has the SLA and
    ratings figures too (4 queries when every day is rolled up)."""
    filters = filters or Filters()
    raw = dict(shared if shared is not None else ungrouped(period, filters, live=live))
    if "sla_met" not in raw:  # read live
        raw.update(_sla(period, filters, None)[0])
        raw.update(_ratings(period, filters, None)[0])
    raw["backlog"] = open_at(period.end, filters).count()
    return {"key": "total", "label": _("Total"), **finish(raw)}


def service_report(
    period: Span,
    *,
    by: str = "queue",
    filters: Filters | None = None,
    shared: dict | None = None,
    live: bool = False,
    backlog: list[dict] | None = None,
) -> dict:
    """The report: one row per group (zero-filled buckets for periods) and the totals.
    ``backlog``: :func:`backlog_groups` of the same period and filters, already read.
    ``shared``: :func:`ungrouped` of the same period and filters, already read. The closed days
    with clean roll-ups are read from them and the rest live (decision 0022) unless ``live``."""
    filters = filters or Filters()
    ahead = shared or {}
    plan = ahead["_plan"] if "_plan" in ahead and not live else _plan(period, live)
    if plan is not None:
        from . import rollups

        if shared is None:  # the totals' percentiles in the grouping's query (0022)
            shared = ahead = rollups.ungrouped(plan, filters, (by,))
        raw = rollups.grouped(plan, filters, by, ahead.get("_percentiles"))
    else:
        raw = _live_groups(period, filters, by)
    if shared is None:
        shared = ungrouped(period, filters, live=live, plan=plan)
    return _report(period, filters, by, raw, shared, backlog)


def _live_groups(period: Span, filters: Filters, by: str) -> dict[str, dict]:
    raw: dict[str, dict] = {}
    created_names = (
        "created",
        "first_response_count",
        "first_response_median",
        "first_response_p90",
        "offered",
        "abandoned",
    )
    resolved_names = ("resolved", "resolution_median", "resolution_p90", "handle_sum", "handle_n")
    for row in _created(period, filters, by):
        _merge(raw, _key(by, row["k"]), row, created_names)
    for row in _resolved(period, filters, by):
        _merge(raw, _key(by, row["k"]), row, resolved_names)
    for row in _sla(period, filters, by):
        _merge(raw, _key(by, row["k"]), row, ("sla_met", "sla_breached"))
    for row in _ratings(period, filters, by):
        _merge(raw, _key(by, row["k"]), row, ("ratings", "score_sum", "satisfied"))
    return raw


def _report(
    period: Span, filters: Filters, by: str, raw: dict, shared: dict, backlog: list | None
) -> dict:
    if by in TIME_DIMENSIONS:
        keys = bucket_keys(period, by)
        open_items = _backlog(period, filters, by)
        for key in keys:  # a stock: open at the end of each bucket (or of the period)
            r = raw.setdefault(key, {})
            open_items += (r.get("created") or 0) - (r.get("resolved") or 0)
            r["backlog"] = open_items
    else:
        if backlog is not None:
            rows = [{"k": r[KEY_FIELDS[by]], "backlog": r["backlog"]} for r in backlog]
        else:
            rows = _backlog(period, filters, by)
        for row in rows:
            _merge(raw, _key(by, row["k"]), row, ("backlog",))
        keys = list(raw)

    names = labels(by, keys)
    rows = [{"key": key, "label": names.get(key, key), **finish(raw.get(key, {}))} for key in keys]
    if by == "kind":
        order = {value: i for i, value in enumerate(Kind.values)}
        rows.sort(key=lambda r: order.get(r["key"], len(order)))
    elif by not in TIME_DIMENSIONS:
        rows.sort(key=lambda r: (r["key"] == NONE_KEY, r["label"].lower(), r["key"]))

    totals_raw = {
        name: sum(r.get(name) or 0 for r in raw.values())
        for name in (*COUNTS, "handle_sum", "handle_n", "score_sum")
    }
    if by in TIME_DIMENSIONS:
        totals_raw["backlog"] = rows[-1]["backlog"] if rows else 0
    # Percentiles do not add up: over all the period's items, one query each.
    totals_raw.update(shared)
    totals = {"key": "total", "label": _("Total"), **finish(totals_raw)}
    for name in COUNTS:  # the counts are the sums of the rows (the ungrouped queries agree)
        if name != "backlog" or by not in TIME_DIMENSIONS:
            totals[name] = sum(r[name] for r in rows)
    return {
        "from": period.first,
        "to": period.last,
        "by": by,
        "time_zone": timezone.get_current_timezone_name(),
        "rows": rows,
        "totals": totals,
    }
