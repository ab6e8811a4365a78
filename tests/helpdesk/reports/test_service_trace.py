"""Following a figure of the service report to its records: for every grouping, every row (and
the totals) and every counted figure, the list holds exactly as many records as the figure says;
and the records are the right ones."""

import pytest

from helpdesk.reports.periods import Span
from helpdesk.reports.service import COUNTS, DIMENSIONS, Filters, service_report
from helpdesk.reports.trace import TRACE_FIGURES, records

from .conftest import NOVEMBER

URL = "/api/v1/reports/service/items/"
PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def test_every_counted_figure_is_traced():
    assert set(TRACE_FIGURES) == set(COUNTS)


@pytest.mark.parametrize("by", DIMENSIONS)
def test_each_figure_lists_as_many_records_as_it_counts(world, by):
    span = Span(*NOVEMBER)
    report = service_report(span, by=by)
    checked = 0
    for row in [*report["rows"], report["totals"]]:
        for figure in TRACE_FIGURES:
            _kind, qs = records(span, by=by, key=row["key"], figure=figure, filters=Filters())
            assert qs.count() == row[figure], (by, row["key"], figure)
            checked += row[figure]
    assert checked > 100


def test_filters_apply_to_the_records_too(world):
    span = Span(*NOVEMBER)
    filters = Filters(queues=(world.queues[0].pk,), kind="ticket")
    report = service_report(span, by="agent", filters=filters)
    for row in report["rows"]:
        _kind, qs = records(span, by="agent", key=row["key"], figure="resolved", filters=filters)
        items = list(qs)
        assert len(items) == row["resolved"]
        assert all(i.queue_id == world.queues[0].pk and i.kind == "ticket" for i in items)
        assert all((str(i.assignee_id) if i.assignee_id else "none") == row["key"] for i in items)


def test_the_api_pages_the_records_of_a_row(world, client_for, manager):
    report = client_for(manager).get("/api/v1/reports/service/", {**PERIOD, "by": "queue"}).json()
    row = max(report["rows"], key=lambda r: r["created"])
    body = (
        client_for(manager)
        .get(URL, {**PERIOD, "by": "queue", "key": row["key"], "figure": "created", "page_size": 5})
        .json()
    )
    assert body["record"] == "item" and body["count"] == row["created"]
    assert len(body["results"]) == 5 and body["next"]
    first = body["results"][0]["item"]
    assert str(first["queue"]["id"]) == row["key"]
    assert first["reference"].startswith(("T-", "C-", "H-", "R-", "P-", "O-"))
    breached = (
        client_for(manager)
        .get(URL, {**PERIOD, "by": "queue", "key": "total", "figure": "sla_breached"})
        .json()
    )
    assert breached["record"] == "clock"
    assert breached["count"] == report["totals"]["sla_breached"]
    assert all(r["clock"]["breached_at"] for r in breached["results"])
    rated = (
        client_for(manager)
        .get(URL, {**PERIOD, "by": "queue", "key": "total", "figure": "satisfied"})
        .json()
    )
    assert rated["record"] == "rating"
    assert all(r["rating"]["score"] >= 4 for r in rated["results"])


def test_a_page_costs_a_fixed_number_of_queries(
    world, client_for, manager, django_assert_num_queries
):
    client = client_for(manager)
    params = {**PERIOD, "by": "kind", "key": "total", "figure": "ratings"}
    client.get(URL, params)  # warm the session
    # session, user, roles; the count; the page with its joins
    with django_assert_num_queries(5):
        assert client.get(URL, params).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"by": "queue", "key": "abc", "figure": "created"}, "key"),
        ({"by": "day", "key": "2026-13-01", "figure": "created"}, "key"),
        ({"by": "day", "key": "2026-10-30", "figure": "created"}, "key"),
        ({"by": "queue", "key": "total", "figure": "rating_avg"}, "figure"),
        ({"by": "queue", "key": "total", "figure": "created", "output": "csv"}, "output"),
    ],
)
def test_bad_rows_and_figures_are_400(db, client_for, manager, params, field):
    response = client_for(manager).get(URL, {**PERIOD, **params})
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_agents_may_not_follow_report_figures(db, client_for, agent):
    response = client_for(agent).get(URL, {**PERIOD, "key": "total", "figure": "created"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
