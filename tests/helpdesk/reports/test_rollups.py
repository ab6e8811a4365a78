"""The service report's daily roll-ups (decision 0022): with roll-ups for some closed days and
the rest read live, every figure of every grouping (and filter) is the live computation's, and
the independent calculation's; a late change to an item makes its days dirty at once (still
equal), the builder rebuilds them (equal, and rolled up again)."""

import datetime as dt

import pytest

from helpdesk.hotline.models import Call
from helpdesk.quality.models import Rating
from helpdesk.queues.models import WorkItem
from helpdesk.reports import rollups
from helpdesk.reports.models import RollupChange, RollupDay, ServiceRollup, ServiceRollupValue
from helpdesk.reports.monthly import monthly_report
from helpdesk.reports.periods import Span
from helpdesk.reports.service import (
    DIMENSIONS,
    Filters,
    service_report,
    service_totals,
    ungrouped,
)
from helpdesk.sla.models import SlaClock
from helpdesk.tickets.models import Ticket

from .conftest import NOVEMBER, ZONE, local
from .test_service import _check

BUILT = (dt.date(2026, 10, 20), dt.date(2026, 11, 20))  # closed days; Nov 21.. read live
FILTERS = [
    {},
    {"kind": "call"},
    {"kind": "chat"},
    {"agent": 1},
    {"queues": 0},
]


def _filters(world, raw: dict) -> Filters:
    if "agent" in raw:
        return Filters(agent=world.agents[raw["agent"]].pk)
    if "queues" in raw:
        return Filters(queues=(world.queues[raw["queues"]].pk,))
    return Filters(**raw)


def _same(world, period: Span, raw_filters=None):
    """Every grouping: the default path (roll-ups where clean) equals the live one, exactly."""
    f = _filters(world, raw_filters or {})
    for by in DIMENSIONS:
        pooled = service_report(period, by=by, filters=f)
        live = service_report(period, by=by, filters=f, live=True)
        assert pooled == live, (by, raw_filters)
    assert ungrouped(period, f)["created"] == ungrouped(period, f, live=True)["created"]
    assert service_totals(period, f) == service_totals(period, f, live=True)
    return pooled


@pytest.fixture
def built(world):
    # Making the world (backdated items, then their calls, clocks and ratings) noted changes,
    # all before this build: it sees them (``refresh`` drains them the same way).
    assert RollupChange.objects.exists()
    RollupChange.objects.all().delete()
    rows = rollups.build(*BUILT)
    assert rows > 0
    return world


def test_the_roll_ups_hold_the_days_figures(built):
    days = set(RollupDay.objects.values_list("day", flat=True))
    assert days == {BUILT[0] + dt.timedelta(days=n) for n in range(32)}
    period = Span(*BUILT)
    live = service_report(period, by="day", live=True)
    for row in live["rows"]:
        day = dt.date.fromisoformat(row["key"])
        stored = ServiceRollup.objects.filter(day=day)
        assert sum(r.created for r in stored) == row["created"], day
        assert sum(r.resolved for r in stored) == row["resolved"], day
        assert sum(r.sla_breached for r in stored) == row["sla_breached"], day
        assert sum(r.ratings for r in stored) == row["ratings"], day
        assert (
            ServiceRollupValue.objects.filter(day=day, measure=1).count()
            == (row["first_response_count"])
        )
    plan = rollups.plan(period)
    assert plan.rolled == (period,) and plan.live == ()


@pytest.mark.parametrize("raw_filters", FILTERS)
def test_rolled_and_live_days_pooled_equal_the_live_report(built, raw_filters):
    november = Span(*NOVEMBER)
    plan = rollups.plan(november)
    assert plan.rolled == (Span(dt.date(2026, 11, 1), BUILT[1]),)
    assert plan.live[0].first == dt.date(2026, 11, 21)
    report = _same(built, november, raw_filters)
    assert report["totals"]["created"] > 0
    _same(built, Span(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), raw_filters)
    _same(built, Span(dt.date(2026, 11, 3), dt.date(2026, 11, 3)), raw_filters)


@pytest.mark.parametrize("by", DIMENSIONS)
def test_rolled_report_matches_the_independent_calculation(built, by):
    report, _items = _check(built, by)  # the default path: roll-ups to Nov 20, live after
    assert report["totals"]["created"] > 20


def test_fully_rolled_period_costs_fewer_queries(built, django_assert_num_queries):
    period = Span(dt.date(2026, 11, 1), BUILT[1])
    # plan; roll-up counts; totals' roll-up counts; pooled percentiles of the groups and the
    # totals (one query); backlog; labels (live: 9 — plan, created, resolved, SLA, ratings,
    # backlog, labels, the totals' created and resolved); SQLite: the percentiles in 2 queries
    from django.db import connection

    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 7):
        rolled = service_report(period, by="queue")
    assert rolled == service_report(period, by="queue", live=True)
    # plan, counts, percentiles (SLA and ratings included), backlog
    with django_assert_num_queries(4):
        service_totals(period)


def test_monthly_report_from_roll_ups(built):
    from django.db import transaction

    month = Span(*NOVEMBER)
    with transaction.atomic():
        pooled = monthly_report(month)
    settings_off = rollups.enabled
    try:
        rollups.enabled = lambda: False
        live = monthly_report(month)
    finally:
        rollups.enabled = settings_off
    assert pooled == live


def _item(world, day: int):
    return next(
        i
        for i in world.items
        if i.pk not in world.merged
        and i != world.items[0]  # the merge target
        and i.created_at.astimezone(ZONE).date() >= dt.date(2026, 11, day)
        and i.resolved_at is not None
    )


def test_a_late_reassignment_dirties_its_days_until_rebuilt(built):
    item = _item(built, 5)
    item = WorkItem.objects.get(pk=item.pk)
    item.assignee = built.agents[2] if item.assignee != built.agents[2] else None
    item.category = None
    item.save()
    assert RollupChange.objects.count() == 1
    november = Span(*NOVEMBER)
    plan = rollups.plan(november)
    assert plan.rolled[-1].last == item.created_at.astimezone(ZONE).date() - dt.timedelta(days=1)
    built.items = [item if i.pk == item.pk else i for i in built.items]
    _same(built, november)
    _check(built, "agent")

    rebuilt = rollups.refresh()
    assert not RollupChange.objects.exists()
    created = item.created_at.astimezone(ZONE).date()
    assert any(s.first <= created <= s.last for s in rebuilt)
    plan = rollups.plan(november)
    assert plan.rolled[0] == Span(dt.date(2026, 11, 1), min(NOVEMBER[1], rollups.closed_until()))
    _same(built, november)
    _check(built, "agent")
    _check(built, "category")


def test_late_call_merge_clock_and_rating_changes_stay_equal(built):
    november = Span(*NOVEMBER)
    # an inbound call answered late: no longer abandoned
    call = next(
        c for c in Call.objects.select_related("item") if c.state != "answered" and c.item_id
    )
    call.state, call.direction, call.talk_seconds = "answered", "inbound", 77
    call.save()
    # a ticket merged after its day closed
    victim = next(
        i
        for i in built.items
        if i.kind == "ticket" and i.pk not in built.merged and i != built.items[0]
    )
    target, _ = Ticket.objects.get_or_create(item=built.items[0])
    ticket, _ = Ticket.objects.get_or_create(item=victim)
    ticket.merged_into = target
    ticket.save()
    built.merged.add(victim.pk)
    # an SLA clock stopped late (met) and one breached late, stamped in a closed day
    clocks = list(SlaClock.objects.filter(state="running").order_by("pk")[:2])
    clocks[0].state, clocks[0].stopped_at, clocks[0].breached_at = "met", local(12, 9), None
    clocks[0].save()
    clocks[1].breached_at = local(13, 10)
    clocks[1].save()
    # a late rating (today) and a changed score of an old one
    unrated = next(
        i
        for i in built.items
        if i.resolved_at and not Rating.objects.filter(item=i).exists() and i.pk not in built.merged
    )
    Rating.objects.create(item=unrated, score=2, source="link")
    old = Rating.objects.filter(created_at__lt=local(20, 0)).order_by("pk").first()
    old.score = 6 - old.score if old.score != 3 else 1
    old.save()
    assert RollupChange.objects.count() >= 4
    for raw_filters in FILTERS:
        _same(built, november, raw_filters)
    rollups.refresh()
    assert not RollupChange.objects.exists()
    assert all(s.first > rollups.closed_until() for s in rollups.plan(november).live)
    for raw_filters in FILTERS:
        _same(built, november, raw_filters)


def test_todays_items_note_nothing(built, django_assert_num_queries):
    from tests.factories import QueueFactory

    queue = QueueFactory()
    with django_assert_num_queries(1):
        item = WorkItem.objects.create(kind="ticket", queue=queue, subject="today")
    with django_assert_num_queries(1):
        item.save()
    assert not RollupChange.objects.exists()


def test_a_deleted_item_or_agent_dirties_the_roll_ups(built):
    item = _item(built, 8)
    WorkItem.objects.filter(pk=item.pk).first().delete()
    built.items = [i for i in built.items if i.pk != item.pk]
    built.clocks = [c for c in built.clocks if c.item_id != item.pk]
    built.ratings = [r for r in built.ratings if r.item_id != item.pk]
    _same(built, Span(*NOVEMBER))
    rollups.refresh()
    built.agents[0].delete()
    assert rollups.plan(Span(*NOVEMBER)) is None  # every day dirty: all live
    for i in built.items:
        i.refresh_from_db()
    _check(built, "agent")


def test_a_time_zone_other_than_the_rollups_reads_live(built, settings):
    from django.utils import timezone

    with timezone.override("UTC"):
        assert rollups.plan(Span(*NOVEMBER)) is None
    settings.REPORTS_ROLLUPS = False
    assert rollups.plan(Span(*NOVEMBER)) is None


def test_open_days_are_not_built(built):
    with pytest.raises(ValueError):
        rollups.build(rollups.closed_until(), rollups.closed_until() + dt.timedelta(days=1))


def test_build_command(built, capsys):
    from django.core.management import call_command

    call_command("build_report_rollups", "--from", "2026-11-01", "--to", "2026-11-02")
    assert "2026-11-01..2026-11-02" in capsys.readouterr().out
    call_command("build_report_rollups")
    assert RollupDay.objects.filter(day=rollups.closed_until()).exists()


@pytest.mark.parametrize("raw_filters", [{}, {"kind": "call"}])
def test_shared_reads_give_the_same_reports(built, raw_filters):
    """The monthly report's shortcuts: the open items counted once for several groupings, and
    the groupings' percentiles read with the totals (one GROUPING SETS query on PostgreSQL)."""
    from helpdesk.reports.service import backlog_groups

    f = _filters(built, raw_filters)
    for period in (Span(*NOVEMBER), Span(dt.date(2026, 11, 2), dt.date(2026, 11, 15))):
        bys = ("queue", "kind", "agent", "category", "week")
        shared = ungrouped(period, f, bys=bys)
        backlog = backlog_groups(period, f)
        for by in bys:
            plain = service_report(period, by=by, filters=f)
            assert service_report(period, by=by, filters=f, shared=shared) == plain, by
            if by != "week":
                assert (
                    service_report(period, by=by, filters=f, shared=shared, backlog=backlog)
                    == plain
                ), by
            assert plain == service_report(period, by=by, filters=f, live=True), by


def test_a_fully_rolled_month_reads_less(built, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rollups.build(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    october = Span(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with CaptureQueriesContext(connection) as pooled:
        report = monthly_report(october)
    settings_off = rollups.enabled
    try:
        rollups.enabled = lambda: False
        with CaptureQueriesContext(connection) as live:
            assert monthly_report(october) == report
    finally:
        rollups.enabled = settings_off
    assert report["current"]["created"] > 0
    # The month's service figures: 7 queries (plan, totals' roll-up counts, the percentiles of
    # the totals and the three groupings in one, the open items, three grouped roll-up counts)
    # instead of 15; September is not rolled up: read live as before, +1 (its plan).
    # (SQLite: the four percentile reads are four queries, +3)
    extra = 0 if connection.vendor == "postgresql" else 3
    assert (len(pooled.captured_queries), len(live.captured_queries)) == (27 + extra, 34)
