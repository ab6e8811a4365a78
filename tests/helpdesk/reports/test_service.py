"""The service report: every figure against an independent calculation, totals equal to the sum
of the rows for every grouping, bad input, permissions, exports, query counts, local days."""

import csv
import datetime as dt
import io

import pytest

from helpdesk.reports.models import ExportLog
from helpdesk.reports.periods import Span
from helpdesk.reports.service import (
    COUNTS,
    DIMENSIONS,
    Filters,
    service_report,
    service_totals,
    ungrouped,
)

from .conftest import NOVEMBER, ZONE, bounds, expected, figures, local, make_item

URL = "/api/v1/reports/service/"


def _check(world, by, **filters):
    first, last = NOVEMBER
    report = service_report(
        Span(first, last),
        by=by,
        filters=Filters(
            queues=tuple(filters.get("queues", ())),
            kind=filters.get("kind"),
            agent=filters.get("agent"),
        ),
    )
    groups, items = expected(world, first, last, by, **filters)
    rows = {r["key"]: r for r in report["rows"]}
    for key, raw in groups.items():
        want = figures(raw)
        got = {k: rows[key][k] for k in want}
        assert got == pytest.approx(want, abs=0.11), (by, key)
        if by not in ("day", "week", "month"):
            assert rows[key]["backlog"] == raw["backlog"], (by, key)
    for key, row in rows.items():  # no row without data (other than zero-filled periods)
        if key not in groups:
            assert by in ("day", "week", "month")
            assert all(row[c] == 0 for c in COUNTS if c != "backlog")
    # totals: counts are the sums of the rows; percentiles over all items
    totals = report["totals"]
    for name in COUNTS:
        if name == "backlog" and by in ("day", "week", "month"):
            continue
        assert totals[name] == sum(r[name] for r in report["rows"]), (by, name)
    everything = {k: [] for k in ("created", "resolved", "fr", "res", "handle", "scores")}
    everything.update({"backlog": 0, "met": 0, "breached": 0, "offered": 0, "abandoned": 0})
    for raw in groups.values():
        for k, v in raw.items():
            everything[k] = everything[k] + v
    want = figures(everything)
    assert {k: totals[k] for k in want} == pytest.approx(want, abs=0.11)
    return report, items


@pytest.mark.parametrize("by", DIMENSIONS)
def test_every_figure_matches_an_independent_calculation(world, by):
    report, _items = _check(world, by)
    assert report["totals"]["created"] > 20
    assert report["totals"]["ratings"] > 0 and report["totals"]["sla_breached"] > 0


@pytest.mark.parametrize("filters", [{}, {"queues": (1,)}, {"kind": "call"}])
def test_totals_alone_equal_the_reports_totals(world, filters, django_assert_num_queries):
    """``service_totals`` (the monthly report's previous month) is the report's totals row, and
    ``shared`` (one ``ungrouped`` read for several groupings) changes no figure."""
    first, last = NOVEMBER
    period = Span(first, last)
    if "queues" in filters:
        filters = {"queues": (world.queues[0].pk,)}
    f = Filters(**filters)
    # +1 each: which days have clean roll-ups (decision 0022; none here, so all live)
    with django_assert_num_queries(6):
        alone = service_totals(period, f)
    with django_assert_num_queries(3):
        shared = ungrouped(period, f)
    assert service_totals(period, f, shared=shared) == alone
    for by in ("queue", "kind", "agent", "category"):
        report = service_report(period, by=by, filters=f)
        assert alone == report["totals"], by
        assert service_report(period, by=by, filters=f, shared=shared) == report, by
    if not filters:
        _report, _items = _check(world, "kind")  # and the totals match the independent sums
        assert alone["created"] > 20


def test_filters_narrow_every_figure(world):
    _check(world, "agent", queues=[world.queues[0].pk])
    _check(world, "category", kind="call")
    _check(world, "day", agent=world.agents[1].pk)


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_backlog_of_periods_is_the_stock_at_each_end(world, by):
    first, last = NOVEMBER
    report = service_report(Span(first, last), by=by)
    items = [i for i in world.items if i.pk not in world.merged]
    for row in report["rows"]:
        if by == "day":
            end_day = dt.date.fromisoformat(row["key"])
        elif by == "week":
            end_day = dt.date.fromisoformat(row["key"]) + dt.timedelta(days=6)
        else:
            end_day = last
        end_day = min(end_day, last)
        _start, end = bounds(end_day, end_day)
        want = sum(
            1
            for i in items
            if i.created_at < end and (i.resolved_at is None or i.resolved_at >= end)
        )
        assert row["backlog"] == want, row["key"]
    assert report["totals"]["backlog"] == report["rows"][-1]["backlog"]


def test_unassigned_and_uncategorised_have_their_own_rows(world):
    report = service_report(Span(*NOVEMBER), by="agent")
    labels = {r["key"]: r["label"] for r in report["rows"]}
    assert labels["none"] == "Unassigned"
    report = service_report(Span(*NOVEMBER), by="category")
    assert {r["key"]: r["label"] for r in report["rows"]}["none"] == "No category"
    assert report["rows"][-1]["key"] == "none"


def test_items_near_local_midnight_land_on_their_local_day(db, settings, manager, client_for):
    settings.TIME_ZONE = "Asia/Shanghai"
    from helpdesk.queues.models import Queue

    from .conftest import World

    queue = Queue.objects.create(name="Q", slug="q")
    w = World([queue], [], [])
    # 23:59 local on the 2nd is 15:59 UTC on the 2nd; 00:01 local on the 3rd is 16:01 UTC on the 2nd.
    make_item(w, created=local(2, 23, 59))
    make_item(w, created=local(3, 0, 1))
    make_item(w, created=dt.datetime(2026, 11, 3, 16, 30, tzinfo=dt.UTC))  # 00:30 on the 4th
    body = (
        client_for(manager).get(URL, {"from": "2026-11-02", "to": "2026-11-04", "by": "day"}).json()
    )
    assert body["time_zone"] == "Asia/Shanghai"
    assert [(r["key"], r["created"]) for r in body["rows"]] == [
        ("2026-11-02", 1),
        ("2026-11-03", 1),
        ("2026-11-04", 1),
    ]
    body = client_for(manager).get(URL, {"from": "2026-11-03", "to": "2026-11-03"}).json()
    assert body["totals"]["created"] == 1


def test_json_shape_and_defaults(world, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    # session, user, roles; roll-up plan (decision 0022: none built, all live); labels;
    # created, resolved, backlog, sla, ratings; 2 totals
    with django_assert_num_queries(12):
        response = client.get(URL, {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["from", "to", "by", "time_zone", "rows", "totals"]
    assert body["by"] == "queue" and body["from"] == "2026-11-01"
    assert set(body["rows"][0]) == set(body["totals"])
    assert body["totals"]["key"] == "total"
    with django_assert_num_queries(11):  # periods: the labels need no query
        client.get(URL, {"from": "2026-11-01", "to": "2026-11-30", "by": "day"})


def test_default_period_is_this_month_so_far(db, manager, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    body = client_for(manager).get(URL).json()
    assert body["from"] == today.replace(day=1).isoformat() and body["to"] == today.isoformat()


@pytest.mark.parametrize(
    "params, field, code",
    [
        ({"from": "2026-13-01"}, "from", "invalid"),
        ({"to": "yesterday"}, "to", "invalid"),
        ({"from": "2026-11-10", "to": "2026-11-01"}, "from", "invalid_period"),
        ({"from": "2025-01-01", "to": "2026-01-02"}, "to", "period_too_long"),
        ({"by": "customer"}, "by", "invalid"),
        ({"output": "pdf"}, "output", "invalid_output"),
        ({"queue": "x"}, "queue", "invalid"),
        ({"kind": "fax"}, "kind", "invalid"),
        ({"colour": "red"}, "colour", "invalid"),
    ],
)
def test_bad_input_is_a_400_in_the_shared_shape(db, manager, client_for, params, field, code):
    response = client_for(manager).get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert any(name.split(".")[0] == field for name in body["fields"])
    if code != "invalid":
        assert body["code"] == code


def test_a_year_of_366_days_is_allowed(db, manager, client_for):
    response = client_for(manager).get(URL, {"from": "2024-01-01", "to": "2024-12-31"})
    assert response.status_code == 200


@pytest.mark.parametrize("output", [None, "csv", "xlsx"])
def test_agents_may_not_read_or_export(db, agent, client_for, output):
    params = {"output": output} if output else {}
    response = client_for(agent).get(URL, params)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ExportLog.objects.exists()


def test_csv_has_the_rows_and_totals_and_is_audited(world, supervisor, client_for):
    response = client_for(supervisor).get(
        URL, {"from": "2026-11-01", "to": "2026-11-30", "by": "kind", "output": "csv"}
    )
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    body = (
        client_for(supervisor)
        .get(URL, {"from": "2026-11-01", "to": "2026-11-30", "by": "kind"})
        .json()
    )
    assert lines[0][:3] == ["Group", "Created", "Resolved"]
    assert [line[0] for line in lines[1:]] == [r["label"] for r in body["rows"]] + ["Total"]
    assert lines[-1][1] == str(body["totals"]["created"])
    log = ExportLog.objects.get()
    assert (log.report, log.output, log.rows, log.user) == (
        "service",
        "csv",
        len(body["rows"]),
        supervisor,
    )
    assert log.params["by"] == "kind"


def test_xlsx_export(world, manager, client_for):
    import zipfile

    response = client_for(manager).get(
        URL, {"from": "2026-11-01", "to": "2026-11-30", "output": "xlsx"}
    )
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert ExportLog.objects.get().output == "xlsx"


def test_merged_tickets_are_left_out(world):
    assert world.merged  # the fixture merged some
    report = service_report(Span(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), by="kind")
    counted = report["totals"]["created"]
    live = [i for i in world.items if i.pk not in world.merged]
    start, end = bounds(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert counted == sum(1 for i in live if start <= i.created_at < end)
    assert ZONE is not None
