"""Daily roll-ups of the service report (docs/decisions/0022-report-rollups.md).

For every closed local day (before today, in ``settings.TIME_ZONE``) and every group (queue,
kind, agent, category) ``ServiceRollup`` holds the additive figures of the items, clocks and
ratings whose own time falls on that day (created, first responses, offered, abandoned; resolved,
handle sum and count; SLA met and breached; ratings, score sum, satisfied) and
``ServiceRollupValue`` the day's durations (first response of the items created that day,
resolution of the items resolved that day) for exact percentiles. ``RollupDay`` lists the days
built.

Built by :func:`refresh` (the beat task ``reports.service_rollups`` and the command
``build_report_rollups``) with the service report's own expressions, so a roll-up is the live
figure of that day at build time.

**Staleness.** Every figure of a work item happens at or after the item's creation (created,
first response, resolution, clock stop or breach, rating). A save or delete of a work item, or a
save of its SLA clock, call, ticket (merge) or rating, for an item created before today writes a
``RollupChange`` with the item's ``created_at`` in the writer's own transaction (signals below):
every day from that one on is then *dirty* until :func:`refresh` drains the row and rebuilds those
days in one transaction. The read side (:func:`plan`) uses a built day only when it is closed and
earlier than the earliest pending change; every other day of the period is read live, and the two
are added up (counts and sums) or pooled (percentiles: one ``percentile_cont`` over the roll-up
values UNION ALL the live values).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    DateField,
    F,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

from .models import (
    RollupChange,
    RollupDay,
    RollupMeasure,
    ServiceRollup,
    ServiceRollupValue,
)
from .periods import Span, day_start

logger = logging.getLogger(__name__)

ADDITIVE = (
    "created",
    "first_response_count",
    "offered",
    "abandoned",
    "resolved",
    "handle_sum",
    "handle_n",
    "sla_met",
    "sla_breached",
    "ratings",
    "score_sum",
    "satisfied",
)
GROUP_COLUMNS = ("day", "queue_id", "kind", "assignee_id", "category_id")
ROLLUP_KEYS = {
    "queue": "queue_id",
    "kind": "kind",
    "agent": "assignee_id",
    "category": "category_id",
}
EVERYTHING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # a change dating every roll-up day
DEFAULT_HORIZON_DAYS = 400  # a year's report (366 days) and the month before it
PERCENTILE_NAMES = {
    RollupMeasure.FIRST_RESPONSE: ("first_response_median", "first_response_p90"),
    RollupMeasure.RESOLUTION: ("resolution_median", "resolution_p90"),
}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _today() -> dt.date:
    return timezone.localdate(timezone.now(), _zone())


def closed_until() -> dt.date:
    """The last closed local day (yesterday in ``settings.TIME_ZONE``)."""
    return _today() - dt.timedelta(days=1)


def runs(days) -> tuple[Span, ...]:
    """Sorted days as contiguous spans."""
    out: list[Span] = []
    for day in sorted(days):
        if out and out[-1].last + dt.timedelta(days=1) == day:
            out[-1] = Span(out[-1].first, day)
        else:
            out.append(Span(day, day))
    return tuple(out)


def _day_q(spans, field: str = "day") -> Q:
    q = Q()
    for s in spans:
        q |= Q(**{f"{field}__gte": s.first, f"{field}__lte": s.last})
    return q


# --- the read side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The period split into days read from the roll-ups and days read live."""

    period: Span
    rolled: tuple[Span, ...]
    live: tuple[Span, ...]


def enabled() -> bool:
    return bool(getattr(settings, "REPORTS_ROLLUPS", True))


def plan(period: Span) -> Plan | None:
    """One query: the clean built days of ``period`` (closed, built in this time zone, before the
    earliest pending change). ``None`` when there is none (the report is read live)."""
    zone = timezone.get_current_timezone_name()
    if not enabled() or zone != settings.TIME_ZONE:
        return None
    last_closed = min(period.last, _today() - dt.timedelta(days=1))
    if last_closed < period.first:
        return None
    earliest_change = (
        RollupChange.objects.annotate(d=TruncDate("from_at", tzinfo=_zone()))
        .order_by("d")
        .values("d")[:1]
    )
    days = list(
        RollupDay.objects.filter(
            day__gte=period.first,
            day__lte=last_closed,
            time_zone=zone,
            day__lt=Coalesce(
                Subquery(earliest_change), Value(dt.date.max, output_field=DateField())
            ),
        ).values_list("day", flat=True)
    )
    if not days:
        return None
    rolled = runs(days)
    taken = set(days)
    rest = [
        period.first + dt.timedelta(days=n)
        for n in range(period.days)
        if period.first + dt.timedelta(days=n) not in taken
    ]
    return Plan(period, rolled, runs(rest))


def _filters_q(filters) -> Q:
    q = Q()
    if filters.queues:
        q &= Q(queue_id__in=filters.queues)
    if filters.kind:
        q &= Q(kind=filters.kind)
    if filters.agent is not None:
        q &= Q(assignee_id=filters.agent)
    return q


def _rollup_key(by: str):
    if by == "day":
        return F("day")
    if by == "week":
        return TruncWeek("day")
    if by == "month":
        return TruncMonth("day")
    return F(ROLLUP_KEYS[by])


def _live_key(by: str, field: str):
    """The live rows' key as the roll-up's (a date for periods), for the pooled percentiles."""
    if by in ("day", "week", "month"):
        day = TruncDate(field, tzinfo=timezone.get_current_timezone())
        if by == "day":
            return day
        trunc = TruncWeek if by == "week" else TruncMonth
        return trunc(day, output_field=DateField())
    from .service import KEY_FIELDS

    return F(KEY_FIELDS[by])


def _counts(p: Plan, filters, by: str | None):
    qs = ServiceRollup.objects.filter(_filters_q(filters), _day_q(p.rolled))
    sums = {name: Sum(name) for name in ADDITIVE}
    if by is None:
        return [qs.aggregate(**sums)]
    return list(qs.annotate(k=_rollup_key(by)).values("k").annotate(**sums).order_by())


def _percentile_sql(fraction: float) -> str:
    if connection.vendor == "postgresql":
        return f"percentile_cont({fraction!r}) WITHIN GROUP (ORDER BY s)"
    return f"percentile_cont(s, {fraction!r})"


def _percentiles(p: Plan, filters, bys: tuple) -> dict:
    """``{by: [(key, measure, median, p90)]}`` for each grouping in ``bys`` (``None``: ungrouped,
    key ``None``), over the roll-up values of the clean days pooled (UNION ALL) with the live
    values of the rest. One query: on PostgreSQL several groupings share it (``GROUP BY GROUPING
    SETS ((m, k0), (m, k1), …, (m))``: a grouping and the totals cost one sort), SQLite runs one
    query per grouping."""
    if len(bys) > 1 and connection.vendor != "postgresql":
        out: dict = {}
        for by in bys:
            out.update(_percentiles(p, filters, (by,)))
        return out
    from helpdesk.queues.models import WorkItem

    from .service import first_response_seconds, resolution_seconds

    grouped_bys = [by for by in bys if by is not None]
    names = [f"k{n}" for n in range(len(grouped_bys))]
    stored = ServiceRollupValue.objects.filter(_filters_q(filters), _day_q(p.rolled)).annotate(
        **{name: _rollup_key(by) for name, by in zip(names, grouped_bys, strict=True)},
        m=F("measure"),
        s=F("seconds"),
    )
    parts = [stored.values(*names, "m", "s").order_by()]
    if p.live:
        from .service import within

        live = WorkItem.objects.filter(filters.q())
        for number, field, seconds, extra in (
            (1, "created_at", first_response_seconds(), Q(first_response_at__isnull=False)),
            (2, "resolved_at", resolution_seconds(), Q()),
        ):
            keys = {name: _live_key(by, field) for name, by in zip(names, grouped_bys, strict=True)}
            parts.append(
                live.filter(within(field, p.live), extra)
                .annotate(**keys, m=Value(number), s=seconds)
                .values(*names, "m", "s")
                .order_by()
            )
    columns = ", ".join((*names, "m", "s"))
    sqls, params = [], []
    for part in parts:
        sql, part_params = part.query.sql_with_params()
        sqls.append(f"SELECT {columns} FROM ({sql}) p{len(sqls)}")
        params.extend(part_params)
    figures = f"{_percentile_sql(0.5)}, {_percentile_sql(0.9)}"
    sets = [f"(m, {name})" for name in names] + (["(m)"] if None in bys else [])
    if len(sets) == 1:
        group = ", ".join(("m", *names))
        flags = "0"
    else:  # GROUPING(kn) is 0 in the set of kn, 1 in the others
        group = "GROUPING SETS (" + ", ".join(sets) + ")"
        flags = " + ".join(f"GROUPING({name}) * {2**n}" for n, name in enumerate(names))
    select = ", ".join((*names, flags, "m", figures))
    sql = f"SELECT {select} FROM ({' UNION ALL '.join(sqls)}) u GROUP BY {group}"
    out = {by: [] for by in bys}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            *key_values, flags_value, m, p50, p90 = row
            n = next((n for n in range(len(names)) if not (flags_value >> n) & 1), None)
            if n is None:
                out[None].append((None, m, p50, p90))
            else:
                out[grouped_bys[n]].append((key_values[n], m, p50, p90))
    return out


def _key_from_db(by: str, raw):
    if isinstance(raw, str) and by in ("day", "week", "month"):  # SQLite
        return dt.date.fromisoformat(raw[:10])
    return raw


def grouped(p: Plan, filters, by: str, percentiles: dict | None = None) -> dict[str, dict]:
    """The raw sums and percentiles per group key, as the live queries give them
    (``percentiles``: :func:`_percentiles` holding ``by``, already read)."""
    from . import service

    raw: dict[str, dict] = {}
    for row in _counts(p, filters, by):
        service._merge(raw, service._key(by, _key_from_db(by, row["k"])), row, ADDITIVE)
    if p.live:
        for family in (service._created, service._resolved, service._sla, service._ratings):
            for row in family(p.live, filters, by):
                names = [n for n in ADDITIVE if n in row]
                service._merge(raw, service._key(by, row["k"]), row, names)
    if percentiles is None or by not in percentiles:
        percentiles = _percentiles(p, filters, (by,))
    for k, m, p50, p90 in percentiles[by]:
        target = raw.setdefault(service._key(by, _key_from_db(by, k)), {})
        median, p90_name = PERCENTILE_NAMES[m]
        target[median], target[p90_name] = p50, p90
    return raw


def ungrouped(p: Plan, filters, bys: tuple = ()) -> dict:
    """Every raw figure of the whole period (counts, sums, percentiles); with ``bys``, the
    percentiles of those groupings too, read in the same query (kept under ``"_percentiles"``,
    with the plan under ``"_plan"``, for :func:`grouped`)."""
    from . import service

    raw: dict = {}
    rows = _counts(p, filters, None)
    if p.live:
        for family in (service._created, service._resolved, service._sla, service._ratings):
            rows += family(p.live, filters, None)
    for row in rows:
        for name in ADDITIVE:
            if name in row:
                raw[name] = (raw.get(name) or 0) + (row[name] or 0)
    for name in PERCENTILE_NAMES.values():
        raw.update(dict.fromkeys(name))
    percentiles = _percentiles(p, filters, (None, *bys))
    for _k, m, p50, p90 in percentiles[None]:
        median, p90_name = PERCENTILE_NAMES[m]
        raw[median], raw[p90_name] = p50, p90
    if bys:
        raw["_percentiles"], raw["_plan"] = percentiles, p
    return raw


# --- building ----------------------------------------------------------------------------------


def _day_of(field: str):
    return TruncDate(field, tzinfo=_zone())


def _compiled(qs) -> tuple[str, list]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _parts(span: Span):
    """The four families of the service report grouped by local day and group, each a queryset
    with the aliases r_day, r_queue, r_kind, r_agent, r_category and its own figures."""
    from django.db.models import Count

    from helpdesk.quality.models import Rating
    from helpdesk.queues.models import WorkItem
    from helpdesk.sla.models import ClockState, SlaClock

    from .service import (
        ABANDONED,
        OFFERED,
        SATISFIED_SCORE,
        Filters,
        handle_seconds,
        within,
    )

    def keys(prefix: str, at: str):
        return {
            "r_day": _day_of(at),
            "r_queue": F(f"{prefix}queue_id"),
            "r_kind": F(f"{prefix}kind"),
            "r_agent": F(f"{prefix}assignee_id"),
            "r_category": F(f"{prefix}category_id"),
        }

    names = ("r_day", "r_queue", "r_kind", "r_agent", "r_category")
    live = Filters()
    created = (
        WorkItem.objects.filter(live.q(), within("created_at", span))
        .annotate(**keys("", "created_at"))
        .values(*names)
        .annotate(
            created=Count("id"),
            first_response_count=Count("id", filter=Q(first_response_at__isnull=False)),
            offered=Count("id", filter=OFFERED),
            abandoned=Count("id", filter=ABANDONED),
        )
        .order_by()
    )
    resolved = (
        WorkItem.objects.filter(live.q(), within("resolved_at", span))
        .annotate(**keys("", "resolved_at"))
        .values(*names)
        .annotate(
            resolved=Count("id"),
            handle_sum=Sum(handle_seconds()),
            handle_n=Count(handle_seconds()),
        )
        .order_by()
    )
    met = Q(state=ClockState.MET, breached_at__isnull=True) & within("stopped_at", span)
    at = Case(When(breached_at__isnull=False, then=F("breached_at")), default=F("stopped_at"))
    sla = (
        SlaClock.objects.filter(live.q("item__"))
        .filter(met | within("breached_at", span))
        .annotate(at=at)
        .annotate(**keys("item__", "at"))
        .values(*names)
        .annotate(
            sla_met=Count("id", filter=Q(breached_at__isnull=True)),
            sla_breached=Count("id", filter=Q(breached_at__isnull=False)),
        )
        .order_by()
    )
    ratings = (
        Rating.objects.filter(live.q("item__"), within("created_at", span))
        .annotate(**keys("item__", "created_at"))
        .values(*names)
        .annotate(
            ratings=Count("id"),
            score_sum=Sum("score"),
            satisfied=Count("id", filter=Q(score__gte=SATISFIED_SCORE)),
        )
        .order_by()
    )
    return created, resolved, sla, ratings


def _value_parts(span: Span):
    from helpdesk.queues.models import WorkItem

    from .service import Filters, first_response_seconds, resolution_seconds, within

    live = Filters()
    out = []
    for field, seconds, extra in (
        ("created_at", first_response_seconds(), Q(first_response_at__isnull=False)),
        ("resolved_at", resolution_seconds(), Q()),
    ):
        out.append(
            WorkItem.objects.filter(live.q(), within(field, span), extra)
            .annotate(
                r_day=_day_of(field),
                r_queue=F("queue_id"),
                r_kind=F("kind"),
                r_agent=F("assignee_id"),
                r_category=F("category_id"),
                r_seconds=seconds,
            )
            .values("r_day", "r_queue", "r_kind", "r_agent", "r_category", "r_seconds")
            .order_by()
        )
    return out


def _lock() -> None:
    """One builder at a time (PostgreSQL; SQLite serialises writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports_rollups'))")


def build(first: dt.date, last: dt.date) -> int:
    """Rebuild the roll-ups of the closed days ``first``..``last`` (inside the caller's
    transaction, or its own); returns the roll-up rows written."""
    if last >= _today():
        raise ValueError("only closed days (before today) are rolled up")
    span = Span(first, last)
    table = ServiceRollup._meta.db_table
    values_table = ServiceRollupValue._meta.db_table
    keys = "r_day, r_queue, r_kind, r_agent, r_category"
    with transaction.atomic(), timezone.override(_zone()):
        _lock()
        ServiceRollup.objects.filter(day__gte=first, day__lte=last).delete()
        ServiceRollupValue.objects.filter(day__gte=first, day__lte=last).delete()
        RollupDay.objects.filter(day__gte=first, day__lte=last).delete()
        selects, params = [], []
        for part in _parts(span):
            sql, part_params = _compiled(part)
            own = set(part.query.annotation_select) - set(keys.split(", "))
            columns = ", ".join(name if name in own else f"0 AS {name}" for name in ADDITIVE)
            selects.append(f"SELECT {keys}, {columns} FROM ({sql}) p{len(selects)}")
            params += part_params
        sums = ", ".join(f"COALESCE(SUM({name}), 0)" for name in ADDITIVE)
        columns = ", ".join((*GROUP_COLUMNS, *ADDITIVE))
        insert = (
            f"INSERT INTO {table} ({columns}) SELECT {keys}, {sums}"
            f" FROM ({' UNION ALL '.join(selects)}) u GROUP BY {keys}"
        )
        value_selects, value_params = [], []
        for measure, part in zip(RollupMeasure.values, _value_parts(span), strict=True):
            sql, part_params = _compiled(part)
            value_selects.append(
                f"SELECT {keys}, {int(measure)} AS r_measure, r_seconds FROM ({sql}) v{measure}"
            )
            value_params += part_params
        value_columns = ", ".join((*GROUP_COLUMNS, "measure", "seconds"))
        insert_values = (
            f"INSERT INTO {values_table} ({value_columns})"
            f" SELECT * FROM ({' UNION ALL '.join(value_selects)}) w ORDER BY r_day"
        )
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
            written = cursor.rowcount
            cursor.execute(insert_values, value_params)
        now = timezone.now()
        RollupDay.objects.bulk_create(
            [
                RollupDay(
                    day=first + dt.timedelta(days=n), time_zone=settings.TIME_ZONE, built_at=now
                )
                for n in range(span.days)
            ]
        )
    return written


def refresh(*, horizon_days: int | None = None) -> list[Span]:
    """The beat task's work: drain the pending changes and rebuild every built day from the
    earliest changed one, and build the closed days of the horizon not built yet (one
    transaction). Returns the spans built."""
    horizon = horizon_days or getattr(settings, "REPORTS_ROLLUP_DAYS", DEFAULT_HORIZON_DAYS)
    last = _today() - dt.timedelta(days=1)
    first = last - dt.timedelta(days=horizon - 1)
    with transaction.atomic():
        _lock()
        changes = list(RollupChange.objects.values_list("pk", "from_at"))
        built = set(
            RollupDay.objects.filter(time_zone=settings.TIME_ZONE).values_list("day", flat=True)
        )
        RollupDay.objects.exclude(time_zone=settings.TIME_ZONE).delete()
        todo = {first + dt.timedelta(days=n) for n in range(horizon)} - built
        if changes:
            since = min(timezone.localdate(at, _zone()) for _pk, at in changes)
            todo |= {day for day in built if since <= day <= last}
            ids = [pk for pk, _at in changes]
            for n in range(0, len(ids), 5000):
                RollupChange.objects.filter(pk__in=ids[n : n + 5000]).delete()
        spans = runs(d for d in todo if d <= last)
        for s in spans:
            build(s.first, s.last)
    return list(spans)


# --- noting changes ----------------------------------------------------------------------------


def day_start_zone(day: dt.date) -> dt.datetime:
    with timezone.override(_zone()):
        return day_start(day)


# Noting late changes (the writers' side) lives in rollup_changes.py; re-exported here.
from .rollup_changes import connect, note_item_change  # noqa: E402, F401
